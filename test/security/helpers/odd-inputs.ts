/** Hand-picked hostile inputs the fuzz mixes into generated requests. */

/** Ids and path segments that try to escape, confuse decoding or overflow (inserted raw). */
export const pathTricks: readonly string[] = [
  '..',
  '../..',
  '../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%2e%2e',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '%252e%252e%252f',
  '..%5c..%5cwindows',
  '..\\..\\windows',
  'a%2Fb',
  'a%2fb%2fc',
  '%2F',
  '%00',
  'video%00.mp4',
  '%',
  '%zz',
  '%E0%A4%A',
  '%C0%AE%C0%AE',
  '%ED%A0%80',
  '%F0%9F%8E%AC',
  '🎬',
  'ｖｉｄｅｏ',
  'e\u0301',
  '\u202Eevil',
  '.',
  '~root',
  'video_' + 'a'.repeat(10_000),
  'x'.repeat(100_000),
  '%20',
  '%0d%0aSet-Cookie:%20x=1',
  "'%20OR%20'1'='1",
  "1';DROP%20TABLE%20generations;--",
  '$(id)',
  '__proto__',
  'constructor',
  'generations',
  'null',
  'undefined',
  '-1',
  '0',
];

export interface OddBody {
  name: string;
  body: BodyInit;
  headers: Record<string, string>;
}

const json = { 'content-type': 'application/json' };

function multipart(boundary: string, text: string): OddBody['body'] {
  return text.replaceAll('BOUNDARY', boundary);
}

/** Bodies that are broken in transport or encoding rather than in their values. */
export function oddBodies(uploadLimitBytes: number): OddBody[] {
  const huge = `{"prompt":"${'a'.repeat(uploadLimitBytes + 1024)}"}`;
  return [
    { name: 'empty', body: '', headers: json },
    { name: 'whitespace', body: ' \n\t ', headers: json },
    {
      name: 'invalid UTF-8',
      body: new Uint8Array([0x7b, 0x22, 0x70, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]),
      headers: json,
    },
    { name: 'lone surrogate escape', body: '{"prompt":"\\ud800 fox"}', headers: json },
    { name: 'UTF-8 BOM', body: '\ufeff{"prompt":"a fox"}', headers: json },
    { name: 'NUL escaped in prompt', body: '{"prompt":"a\\u0000b"}', headers: json },
    { name: 'raw NUL bytes', body: new Uint8Array([0x7b, 0x00, 0x00, 0x7d]), headers: json },
    { name: 'raw control chars in string', body: '{"prompt":"a\u0001\u0007b"}', headers: json },
    { name: 'deep array nesting', body: `${'['.repeat(200_000)}${']'.repeat(200_000)}`, headers: json },
    { name: 'deep object nesting', body: `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`, headers: json },
    {
      name: 'deep nesting inside a field',
      body: `{"prompt":"x","model":${'['.repeat(5_000)}${']'.repeat(5_000)}}`,
      headers: json,
    },
    { name: 'duplicated keys', body: '{"prompt":"a","prompt":"b"}', headers: json },
    { name: 'duplicated keys of other types', body: '{"prompt":"a","prompt":{"$ne":1}}', headers: json },
    {
      name: '__proto__ pollution',
      body: '{"prompt":"a","__proto__":{"isAdmin":true,"admin":true}}',
      headers: json,
    },
    {
      name: 'constructor pollution',
      body: '{"prompt":"a","constructor":{"prototype":{"isAdmin":true}}}',
      headers: json,
    },
    { name: 'truncated JSON', body: '{"prompt":"a', headers: json },
    { name: 'trailing garbage', body: '{"prompt":"a"} {"x":1}', headers: json },
    { name: 'NaN literal', body: '{"prompt":"a","duration":NaN}', headers: json },
    { name: 'huge number', body: '{"prompt":"a","duration":1e999}', headers: json },
    { name: 'negative zero', body: '{"prompt":"a","duration":-0}', headers: json },
    { name: 'top-level array', body: '[{"prompt":"a"}]', headers: json },
    { name: 'top-level string', body: '"prompt"', headers: json },
    { name: 'top-level null', body: 'null', headers: json },
    { name: 'over the upload limit (declared length)', body: huge, headers: json },
    { name: 'over the upload limit (chunked)', body: new Blob([huge]).stream(), headers: json },
    { name: 'text/plain', body: '{"prompt":"a"}', headers: { 'content-type': 'text/plain' } },
    { name: 'xml', body: '<prompt>a</prompt>', headers: { 'content-type': 'application/xml' } },
    {
      name: 'form-urlencoded',
      body: 'prompt=a&seconds=4',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    },
    { name: 'bogus content type', body: '{"prompt":"a"}', headers: { 'content-type': ';;;==' } },
    {
      name: 'json with odd charset',
      body: '{"prompt":"a"}',
      headers: { 'content-type': 'application/json; charset=ebcdic' },
    },
    {
      name: 'multipart without boundary',
      body: '--x\r\n\r\n',
      headers: { 'content-type': 'multipart/form-data' },
    },
    {
      name: 'multipart with wrong boundary',
      body: multipart(
        'real',
        '--BOUNDARY\r\nContent-Disposition: form-data; name="prompt"\r\n\r\na fox\r\n--BOUNDARY--\r\n',
      ),
      headers: { 'content-type': 'multipart/form-data; boundary=other' },
    },
    {
      name: 'truncated multipart',
      body: multipart('b1', '--BOUNDARY\r\nContent-Disposition: form-data; name="prompt"\r\n\r\na fo'),
      headers: { 'content-type': 'multipart/form-data; boundary=b1' },
    },
    {
      name: 'multipart part without a name',
      body: multipart('b2', '--BOUNDARY\r\nContent-Disposition: form-data\r\n\r\nx\r\n--BOUNDARY--\r\n'),
      headers: { 'content-type': 'multipart/form-data; boundary=b2' },
    },
    {
      name: 'multipart with path traversal file name',
      body: multipart(
        'b3',
        '--BOUNDARY\r\nContent-Disposition: form-data; name="prompt"\r\n\r\na fox\r\n--BOUNDARY\r\nContent-Disposition: form-data; name="input_reference"; filename="../../../etc/passwd"\r\nContent-Type: image/png\r\n\r\nroot:x:0:0\r\n--BOUNDARY--\r\n',
      ),
      headers: { 'content-type': 'multipart/form-data; boundary=b3' },
    },
    {
      name: 'multipart with repeated fields',
      body: multipart(
        'b4',
        '--BOUNDARY\r\nContent-Disposition: form-data; name="prompt"\r\n\r\na\r\n--BOUNDARY\r\nContent-Disposition: form-data; name="prompt"\r\n\r\nb\r\n--BOUNDARY--\r\n',
      ),
      headers: { 'content-type': 'multipart/form-data; boundary=b4' },
    },
    {
      name: 'multipart with bracket tricks',
      body: multipart(
        'b5',
        '--BOUNDARY\r\nContent-Disposition: form-data; name="prompt"\r\n\r\na\r\n--BOUNDARY\r\nContent-Disposition: form-data; name="__proto__[admin]"\r\n\r\ntrue\r\n--BOUNDARY\r\nContent-Disposition: form-data; name="input_reference[][][image_url]"\r\n\r\nx\r\n--BOUNDARY--\r\n',
      ),
      headers: { 'content-type': 'multipart/form-data; boundary=b5' },
    },
    {
      name: 'multipart with NUL in field name',
      body: multipart(
        'b6',
        '--BOUNDARY\r\nContent-Disposition: form-data; name="pro\u0000mpt"\r\n\r\na\r\n--BOUNDARY--\r\n',
      ),
      headers: { 'content-type': 'multipart/form-data; boundary=b6' },
    },
    {
      name: 'multipart over the upload limit',
      body: multipart(
        'b7',
        `--BOUNDARY\r\nContent-Disposition: form-data; name="prompt"\r\n\r\n${'a'.repeat(uploadLimitBytes + 10)}\r\n--BOUNDARY--\r\n`,
      ),
      headers: { 'content-type': 'multipart/form-data; boundary=b7' },
    },
  ];
}
