/** A located reason an 835 transaction set (or one CLP in it) was not posted. */
export interface PostingError {
  code: string;
  message: string;
  /** ST02 of the transaction set. */
  transactionSetControlNumber?: string;
  segmentOrdinal?: number;
  segmentId?: string;
  element?: string;
  loop?: string;
  offset?: number;
  claimId?: string;
}
