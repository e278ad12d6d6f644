/**
 * A strict reader of RFC 5424 messages in RFC 5425 / RFC 6587 octet-counted frames, written from the RFC's
 * ABNF (section 6) for the tests, independently of Gatehouse's formatter.
 */
export interface SyslogMessage {
  pri: number;
  version: number;
  timestamp: string;
  hostname: string;
  appName: string;
  procId: string;
  msgId: string;
  sd: Array<{ id: string; params: Array<[string, string]> }>;
  msg: string;
  bom: boolean;
}

/** Split a byte stream into frames: `MSG-LEN SP SYSLOG-MSG`. Throws on anything else. */
export function splitFrames(data: Buffer): string[] {
  const frames: string[] = [];
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const len = data.subarray(at, space).toString('ascii');
    if (!/^[1-9]\d*$/.test(len)) throw new Error(`bad MSG-LEN at byte ${at}: ${JSON.stringify(len)}`);
    const end = space + 1 + Number(len);
    if (end > data.length) throw new Error('frame longer than the data');
    frames.push(data.subarray(space + 1, end).toString('utf8'));
    at = end;
  }
  return frames;
}

const PRINTUS = '[\\x21-\\x7e]';
const HEADER = new RegExp(
  `^<(\\d{1,3})>([1-9]\\d{0,2}) (-|\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,6})?(?:Z|[+-]\\d\\d:\\d\\d)) (${PRINTUS}{1,255}) (${PRINTUS}{1,48}) (${PRINTUS}{1,128}) (${PRINTUS}{1,32}) `,
);
const SD_NAME = /^[\x21-\x7e]{1,32}$/;

export function parseSyslog(text: string): SyslogMessage {
  const m = HEADER.exec(text);
  if (!m) throw new Error(`bad header: ${text.slice(0, 80)}`);
  const pri = Number(m[1]);
  if (pri > 191) throw new Error('PRI out of range');
  let i = m[0].length;
  const sd: SyslogMessage['sd'] = [];
  if (text[i] === '-') i++;
  else {
    while (text[i] === '[') {
      i++;
      const idEnd = text.slice(i).search(/[ \]]/);
      const id = text.slice(i, i + idEnd);
      if (!SD_NAME.test(id) || /[="]/.test(id)) throw new Error(`bad SD-ID ${id}`);
      i += idEnd;
      const params: Array<[string, string]> = [];
      while (text[i] === ' ') {
        i++;
        const eq = text.indexOf('="', i);
        const name = text.slice(i, eq);
        if (!SD_NAME.test(name) || /[ \]"=]/.test(name)) throw new Error(`bad PARAM-NAME ${name}`);
        i = eq + 2;
        let value = '';
        for (;;) {
          const c = text[i];
          if (c === undefined) throw new Error('unterminated PARAM-VALUE');
          if (c === '\\' && ['"', '\\', ']'].includes(text[i + 1] ?? '')) {
            value += text[i + 1];
            i += 2;
            continue;
          }
          if (c === '"') break;
          if (c === ']') throw new Error(`unescaped ] in ${name}`);
          value += c;
          i++;
        }
        i++;
        params.push([name, value]);
      }
      if (text[i] !== ']') throw new Error(`SD-ELEMENT ${id} not closed`);
      i++;
      sd.push({ id, params });
    }
    if (sd.length === 0) throw new Error('no STRUCTURED-DATA');
  }
  let msg = '';
  let bom = false;
  if (i < text.length) {
    if (text[i] !== ' ') throw new Error('no SP before MSG');
    msg = text.slice(i + 1);
    bom = msg.startsWith('\uFEFF');
    if (bom) msg = msg.slice(1);
  }
  return {
    pri,
    version: Number(m[2]),
    timestamp: m[3]!,
    hostname: m[4]!,
    appName: m[5]!,
    procId: m[6]!,
    msgId: m[7]!,
    sd,
    msg,
    bom,
  };
}
