import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';

// The OASIS Akoma Ntoso 3.0 schema, vendored in tests/fixtures/akn with the W3C schema of the
// xml: namespace it imports (see the README there).
const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/akn/${name}`, import.meta.url)), 'utf8');
const SCHEMA = { fileName: 'akomantoso30.xsd', contents: fixture('akomantoso30.xsd') };
const XML_XSD = { fileName: 'xml.xsd', contents: fixture('xml.xsd') };

/** Validates `xml` against Akoma Ntoso 3.0 with xmllint; the errors, none when it is valid. */
export async function aknErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: { fileName: 'document.akn.xml', contents: xml },
    schema: SCHEMA,
    preload: XML_XSD,
  });
  return result.errors.map((e) => e.rawMessage);
}
