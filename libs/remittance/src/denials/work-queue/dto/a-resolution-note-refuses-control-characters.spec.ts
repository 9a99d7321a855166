import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ResolveDenialDto } from './resolve-denial.dto';

describe('POST /remittance/denials/:id/resolve: the note', () => {
  const refused = async (note: string) =>
    (await validate(plainToInstance(ResolveDenialDto, { action: 'appeal', note }))).map((e) => e.property);

  it('keeps several lines; refuses a NUL, another control character or more than 2,000 characters', async () => {
    expect(await refused('appealed\r\nwith records\tattached')).toEqual([]);
    for (const bad of ['a\u0000b', 'a\u001bb', 'x'.repeat(2001)])
      expect(await refused(bad)).toEqual(['note']);
  });
});
