/** What applying an acknowledgment did (POST /claims/acknowledgments answers these with its type). */
export interface AcknowledgmentCounts {
  matched: number;
  accepted: number;
  rejected: number;
  unmatched: number;
}
