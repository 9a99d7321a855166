import { StreamableFile } from '@nestjs/common';
import { Readable } from 'node:stream';
import { ClaimBatch } from './claim-batch.entity';

/** The 837 file name a batch goes by (payer downloads, SFTP uploads): its ISA13. */
export const claimFileName = (b: Pick<ClaimBatch, 'interchangeControlNumber' | 'claimType'>) =>
  `${b.claimType === 'professional' ? '837P' : '837I'}-${b.interchangeControlNumber}.x12`;

/** A stored 837 as an HTTP attachment, streamed part by part. */
export const claimFileAttachment = (batch: ClaimBatch, body: Readable) =>
  new StreamableFile(body, {
    type: 'application/edi-x12',
    disposition: `attachment; filename="${claimFileName(batch)}"`,
    length: batch.fileBytes,
  });
