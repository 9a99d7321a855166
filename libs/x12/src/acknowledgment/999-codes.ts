/**
 * Code lists of the 999 Implementation Acknowledgment, as published in the ASC X12 005010X231A1
 * implementation guide (element numbers in brackets). Each table is complete for the guide: a code
 * not in it is not a 5010 code, and `describe999Code` says so instead of failing.
 */

/** IK304 Implementation Segment Syntax Error Code [620]. */
export const SEGMENT_SYNTAX_ERRORS = {
  '1': 'Unrecognized segment ID',
  '2': 'Unexpected segment',
  '3': 'Required Segment Missing',
  '4': 'Loop Occurs Over Maximum Times',
  '5': 'Segment Exceeds Maximum Use',
  '6': 'Segment Not in Defined Transaction Set',
  '7': 'Segment Not in Proper Sequence',
  '8': 'Segment Has Data Element Errors',
  I4: 'Implementation "Not Used" Segment Present',
  I6: 'Implementation Dependent Segment Missing',
  I7: 'Implementation Loop Occurs Under Minimum Times',
  I8: 'Implementation Segment Below Minimum Use',
  I9: 'Implementation Dependent "Not Used" Segment Present',
} as const satisfies Record<string, string>;
export type SegmentSyntaxErrorCode = keyof typeof SEGMENT_SYNTAX_ERRORS;

/** IK403 Implementation Data Element Syntax Error Code [621]. */
export const ELEMENT_SYNTAX_ERRORS = {
  '1': 'Required Data Element Missing',
  '2': 'Conditional Required Data Element Missing',
  '3': 'Too Many Data Elements',
  '4': 'Data Element Too Short',
  '5': 'Data Element Too Long',
  '6': 'Invalid Character In Data Element',
  '7': 'Invalid Code Value',
  '8': 'Invalid Date',
  '9': 'Invalid Time',
  '10': 'Exclusion Condition Violated',
  '12': 'Too Many Repetitions',
  '13': 'Too Many Components',
  I6: 'Code Value Not Used in Implementation',
  I9: 'Implementation Dependent Data Element Missing',
  I10: 'Implementation "Not Used" Data Element Present',
  I11: 'Implementation Too Few Repetitions',
  I12: 'Implementation Pattern Match Failure',
  I13: 'Implementation Dependent "Not Used" Data Element Present',
} as const satisfies Record<string, string>;
export type ElementSyntaxErrorCode = keyof typeof ELEMENT_SYNTAX_ERRORS;

/** IK501 Transaction Set Acknowledgment Code [717]. */
export const TRANSACTION_SET_ACKNOWLEDGMENTS = {
  A: 'Accepted',
  E: 'Accepted But Errors Were Noted',
  M: 'Rejected, Message Authentication Code (MAC) Failed',
  R: 'Rejected',
  W: 'Rejected, Assurance Failed Validity Tests',
  X: 'Rejected, Content After Decryption Could Not Be Analyzed',
} as const satisfies Record<string, string>;
export type TransactionSetAcknowledgmentCode = keyof typeof TRANSACTION_SET_ACKNOWLEDGMENTS;

/** IK501 codes under which the receiver took the transaction set in: E still passes it on, errors noted. */
export const ACCEPTING_TRANSACTION_SET_CODES: readonly TransactionSetAcknowledgmentCode[] = ['A', 'E'];

/** IK502–IK506 Implementation Transaction Set Syntax Error Code [618]. */
export const TRANSACTION_SET_SYNTAX_ERRORS = {
  '1': 'Transaction Set Not Supported',
  '2': 'Transaction Set Trailer Missing',
  '3': 'Transaction Set Control Number in Header and Trailer Do Not Match',
  '4': 'Number of Included Segments Does Not Match Actual Count',
  '5': 'One or More Segments in Error',
  '6': 'Missing or Invalid Transaction Set Identifier',
  '7': 'Missing or Invalid Transaction Set Control Number',
  '8': 'Authentication Key Name Unknown',
  '9': 'Encryption Key Name Unknown',
  '10': 'Requested Service (Authentication or Encrypted) Not Available',
  '11': 'Unknown Security Recipient',
  '12': 'Incorrect Message Length (Encryption Only)',
  '13': 'Message Authentication Code Failed',
  '15': 'Unknown Security Originator',
  '16': 'Syntax Error in Decrypted Text',
  '17': 'Security Not Supported',
  '18': 'Transaction Set not in Functional Group',
  '19': 'Invalid Transaction Set Implementation Convention Reference',
  '23': 'Transaction Set Control Number Not Unique within the Functional Group',
  '24': 'S3E Security End Segment Missing for S3S Security Start Segment',
  '25': 'S3S Security Start Segment Missing for S3E Security End Segment',
  '26': 'S4E Security End Segment Missing for S4S Security Start Segment',
  '27': 'S4S Security Start Segment Missing for S4E Security End Segment',
  I5: 'Implementation One or More Segments in Error',
  I6: 'Implementation Convention Not Supported',
} as const satisfies Record<string, string>;
export type TransactionSetSyntaxErrorCode = keyof typeof TRANSACTION_SET_SYNTAX_ERRORS;

/** AK901 Functional Group Acknowledge Code [715]. */
export const FUNCTIONAL_GROUP_ACKNOWLEDGMENTS = {
  A: 'Accepted',
  E: 'Accepted, But Errors Were Noted',
  M: 'Rejected, Message Authentication Code (MAC) Failed',
  P: 'Partially Accepted, At Least One Transaction Set Was Rejected',
  R: 'Rejected',
  W: 'Rejected, Assurance Failed Validity Tests',
  X: 'Rejected, Content After Decryption Could Not Be Analyzed',
} as const satisfies Record<string, string>;
export type FunctionalGroupAcknowledgmentCode = keyof typeof FUNCTIONAL_GROUP_ACKNOWLEDGMENTS;

/** AK905–AK909 Functional Group Syntax Error Code [716]. */
export const FUNCTIONAL_GROUP_SYNTAX_ERRORS = {
  '1': 'Functional Group Not Supported',
  '2': 'Functional Group Version Not Supported',
  '3': 'Functional Group Trailer Missing',
  '4': 'Group Control Number in the Functional Group Header and Trailer Do Not Agree',
  '5': 'Number of Included Transaction Sets Does Not Match Actual Count',
  '6': 'Group Control Number Violates Syntax',
  '10': 'Authentication Key Name Unknown',
  '11': 'Encryption Key Name Unknown',
  '12': 'Requested Service (Authentication or Encryption) Not Available',
  '13': 'Unknown Security Recipient',
  '14': 'Unknown Security Originator',
  '15': 'Syntax Error in Decrypted Text',
  '16': 'Security Not Supported',
  '17': 'Incorrect Message Length (Encryption Only)',
  '18': 'Message Authentication Code Failed',
  '19': 'Functional Group Control Number not Unique within Interchange',
  '23': 'S3E Security End Segment Missing for S3S Security Start Segment',
  '24': 'S3S Security Start Segment Missing for S3E Security End Segment',
  '25': 'S4E Security End Segment Missing for S4S Security Start Segment',
  '26': 'S4S Security Start Segment Missing for S4E Security End Segment',
} as const satisfies Record<string, string>;
export type FunctionalGroupSyntaxErrorCode = keyof typeof FUNCTIONAL_GROUP_SYNTAX_ERRORS;

/** The published description of `code` in `table`, or `<what> <code> (not in our table)`. */
export function describe999Code(table: Readonly<Record<string, string>>, code: string, what: string): string {
  return Object.prototype.hasOwnProperty.call(table, code)
    ? table[code]
    : `${what} ${code || '(empty)'} (not in our table)`;
}
