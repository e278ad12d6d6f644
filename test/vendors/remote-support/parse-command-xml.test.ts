import { describe, expect, it } from 'vitest';
import { parseApiInfo } from '../../../src/vendors/remote-support/parse-api-info.ts';
import { parseCommandXml } from '../../../src/vendors/remote-support/parse-command-xml.ts';
import { parseLoggedInReps } from '../../../src/vendors/remote-support/parse-logged-in-reps.ts';
import { RemoteSupportError } from '../../../src/vendors/remote-support/remote-support-error.ts';
import { childText } from '../../../src/vendors/remote-support/xml-element.ts';

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<logged_in_reps xmlns="http://www.bomgar.com/namespaces/API/command"><rep id="1"><public_display_name>&lol9;</public_display_name><type>Normal</type></rep></logged_in_reps>`;

function errorOf(fn: () => unknown): RemoteSupportError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(RemoteSupportError);
    return err as RemoteSupportError;
  }
  throw new Error('expected an error');
}

describe('parseCommandXml', () => {
  it('reads prefixed and default namespaces alike and drops xmlns declarations', () => {
    const prefixed = parseCommandXml(
      'get_logged_in_reps',
      `<ns:logged_in_reps xmlns:ns="https://www.beyondtrust.com/namespaces/API/command"><ns:rep id="7" xmlns:ns="x"><ns:public_display_name>Eve</ns:public_display_name><ns:type>Normal</ns:type></ns:rep></ns:logged_in_reps>`,
    );
    const plain = parseCommandXml(
      'get_logged_in_reps',
      `<logged_in_reps xmlns="https://support.example.com/namespaces/API/command"><rep id="7"><public_display_name>Eve</public_display_name><type>Normal</type></rep></logged_in_reps>`,
    );
    expect(prefixed).toEqual(plain);
    expect(prefixed.children[0]?.attrs).toEqual({ id: '7' });
    expect(parseLoggedInReps(prefixed)[0]).toMatchObject({
      id: 7,
      publicDisplayName: 'Eve',
      privateDisplayName: 'Eve',
    });
  });

  it('refuses a billion-laughs document before parsing it', () => {
    const err = errorOf(() => parseCommandXml('get_logged_in_reps', BILLION_LAUGHS));
    expect(err.message).toContain('declares a DOCTYPE or entities');
    expect(err.message.length).toBeLessThan(300);
  });

  it.each([
    ['a DOCTYPE with an external entity', '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'],
    ['a lower-case doctype', '<!doctype r><r/>'],
    ['a bare entity declaration', '<r><!ENTITY x "y"></r>'],
  ])('refuses %s', (_name, xml) => {
    expect(errorOf(() => parseCommandXml('get_api_info', xml)).message).toContain('DOCTYPE or entities');
  });

  it('never expands anything but XML’s five entities and character references, in one pass', () => {
    const root = parseCommandXml(
      'get_api_info',
      '<api_info><company_name>A &amp; B &lt;x&gt; &#65;&#x42; &amp;lt; &lol9; &nbsp;</company_name></api_info>',
    );
    expect(childText(root, 'company_name')).toBe('A & B <x> AB &lt; &lol9; &nbsp;');
  });

  it('turns an <error> inside the action’s root into an error carrying the appliance’s text', () => {
    const err = errorOf(() =>
      parseCommandXml(
        'get_logged_in_reps',
        '<logged_in_reps xmlns="urn:x"><error>Rep list is locked.</error></logged_in_reps>',
      ),
    );
    expect(err.message).toContain('"Rep list is locked."');
    expect(err.applianceMessage).toBe('Rep list is locked.');
    expect(err.action).toBe('get_logged_in_reps');
  });

  it('turns a top-level <error> into an error carrying the appliance’s text', () => {
    const err = errorOf(() =>
      parseCommandXml(
        'get_support_teams',
        '<?xml version="1.0" encoding="UTF-8"?>\n\n<error xmlns="http://www.bomgar.com/namespaces/API/reporting">No archives found for the given search criteria.</error>',
      ),
    );
    expect(err.message).toContain('No archives found for the given search criteria.');
  });

  it.each([
    ['malformed XML', '<logged_in_reps><rep></logged_in_reps>', 'not well-formed'],
    ['two roots', '<a/><b/>', 'exactly one root'],
    ['no XML at all', 'Service Unavailable', 'not well-formed'],
  ])('refuses %s', (_name, xml, words) => {
    expect(errorOf(() => parseCommandXml('get_logged_in_reps', xml)).message).toContain(words);
  });

  it('refuses an element called __proto__ without polluting any prototype', () => {
    const xml =
      '<api_info><api_version>1</api_version><company_name>c</company_name><timestamp>1</timestamp><__proto__><polluted>yes</polluted></__proto__></api_info>';
    expect(errorOf(() => parseCommandXml('get_api_info', xml)).message).toContain('not well-formed');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parseApiInfo', () => {
  it('reads permissions as named elements and as <permission name value> entries', () => {
    const named = parseApiInfo(
      parseCommandXml(
        'get_api_info',
        '<api_info><api_version>1.2</api_version><company_name>X</company_name><timestamp>1700000000</timestamp><permissions><perm_command>read_only</perm_command><perm_backup>1</perm_backup></permissions></api_info>',
      ),
    );
    const entries = parseApiInfo(
      parseCommandXml(
        'get_api_info',
        '<get_api_info><api_version>1.2</api_version><company_name>X</company_name><timestamp>2023-11-14T22:13:20Z</timestamp><permissions><permission name="perm_command" value="read_only"/><permission name="perm_backup">1</permission></permissions></get_api_info>',
      ),
    );
    expect(named.permissions).toEqual({ perm_command: 'read_only', perm_backup: '1' });
    expect(entries.permissions).toEqual(named.permissions);
    expect(named.timestamp).toBe('2023-11-14T22:13:20.000Z');
    expect(entries.timestamp).toBe(named.timestamp);
  });

  it('names a missing required element', () => {
    const err = errorOf(() =>
      parseApiInfo(
        parseCommandXml(
          'get_api_info',
          '<api_info><company_name>X</company_name><timestamp>1</timestamp></api_info>',
        ),
      ),
    );
    expect(err.message).toContain('<api_version> of <api_info> is missing');
  });
});
