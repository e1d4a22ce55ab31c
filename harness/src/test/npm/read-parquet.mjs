// Reads a Parquet file with hyparquet (JavaScript, not parquet-java) and prints it as JSON lines: the column names,
// then one array per row, each cell as text (numbers as JavaScript prints them, NaN included, and -0 as "-0", which
// String() would print as "0") or null.
//   node read-parquet.mjs file.parquet
import fs from 'fs'
import { parquetReadObjects, parquetMetadata, parquetSchema } from 'hyparquet'

const bytes = fs.readFileSync(process.argv[2])
const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
const names = parquetSchema(parquetMetadata(file)).children.map(c => c.element.name)
console.log(JSON.stringify(names))
for (const row of await parquetReadObjects({ file })) {
  const text = v => v === null || v === undefined ? null : Object.is(v, -0) ? '-0' : String(v)
  console.log(JSON.stringify(names.map(n => text(row[n]))))
}
