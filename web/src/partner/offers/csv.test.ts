import { describe, expect, it } from 'vitest';
import { audienceFromCsv, csvCell, parseCsv, previewAudienceFromCsv } from './csv.js';

describe('parseCsv', () => {
  it('reads quotes, doubled quotes, CRLF and a byte-order mark, and drops blank rows', () => {
    expect(parseCsv('\uFEFFa,"b, c","say ""hi"""\r\n\r\nd,e,f\n')).toEqual([
      ['a', 'b, c', 'say "hi"'],
      ['d', 'e', 'f'],
    ]);
  });
  it('round-trips cells through csvCell', () => {
    const cells = ['plain', 'with,comma', 'with "quote"', 'two\r\nlines'];
    expect(parseCsv(cells.map(csvCell).join(','))).toEqual([cells]);
  });
});

describe('preview audience CSV', () => {
  it('reads ID, Description, Type rows and accepts the reference spelling "MixedAadMsald"', () => {
    const text = 'ID,Description,Type\r\nana@contoso.com,Tester,MixedAadMsaId\r\nbo@fabrikam.com,,MixedAadMsald\r\n00000000-0000-4000-8000-000000000001,Tenant,TenantID\r\n';
    expect(previewAudienceFromCsv(text)).toEqual({
      members: [
        { id: 'ana@contoso.com', description: 'Tester' },
        { id: 'bo@fabrikam.com', description: '' },
      ],
      skipped: 1,
    });
  });
  it('finds the columns by their header names, and reads headerless files as ID, Description', () => {
    expect(previewAudienceFromCsv('Type,Description,ID\nMixedAadMsaId,Lead,cy@contoso.com').members).toEqual([{ id: 'cy@contoso.com', description: 'Lead' }]);
    expect(previewAudienceFromCsv('dee@contoso.com,QA').members).toEqual([{ id: 'dee@contoso.com', description: 'QA' }]);
  });
});

describe('private audience CSV', () => {
  it('keeps TenantID rows and counts the others as skipped', () => {
    const text = 'ID,Description,Type\n00000000-0000-4000-8000-000000000001,Fabrikam,TenantID\nana@contoso.com,,MixedAadMsaId\n';
    expect(audienceFromCsv(text)).toEqual({ members: [{ tenantId: '00000000-0000-4000-8000-000000000001', description: 'Fabrikam' }], skipped: 1 });
  });
});
