// Writes a Parquet file for Parity's tests with hyparquet-writer (pure JavaScript, not parquet-java), so that
// Parity's reader is checked against files another implementation made.
//   node write-parquet.mjs table.json out.parquet
// table.json: {"rowGroupSize": N, "codec": "SNAPPY" | "UNCOMPRESSED" | "GZIP",
//              "columns": [{"name", "type": DOUBLE|FLOAT|INT32|INT64|BOOLEAN|STRING|BYTE_ARRAY,
//                           "list": true (each value an array: a 3-level LIST of type), "nullable": bool,
//                           "data": [...]}]}
// type IMAGE_STRUCT is Hugging Face's image feature: a group of bytes (binary) and path (string); data holds
// {"bytes": base64, "path": text} objects.
// Numbers may be given as "NaN", "Infinity", "-Infinity" (JSON has no such literals); BYTE_ARRAY values as base64.
import fs from 'fs'
import zlib from 'zlib'
import { parquetWriteFile } from 'hyparquet-writer'

const [src, out] = process.argv.slice(2)
const table = JSON.parse(fs.readFileSync(src, 'utf8'))
const number = v => typeof v === 'string' ? Number(v) : v
const value = (c, v) => {
  if (v === null) return null
  if (c.type === 'BYTE_ARRAY') return new Uint8Array(Buffer.from(v, 'base64'))
  if (c.type === 'INT64') return BigInt(v)
  if (['DOUBLE', 'FLOAT', 'INT32'].includes(c.type)) return number(v)
  return v
}
const schema = [{ name: 'root', num_children: table.columns.length }]
const columnData = table.columns.map(c => {
  const optional = c.nullable ? 'OPTIONAL' : 'REQUIRED'
  if (c.type === 'IMAGE_STRUCT') {
    schema.push({ name: c.name, repetition_type: optional, num_children: 2 },
      { name: 'bytes', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
      { name: 'path', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' })
    return { name: c.name, data: c.data.map(v => v === null ? null
      : { bytes: new Uint8Array(Buffer.from(v.bytes, 'base64')), path: v.path }) }
  }
  if (c.list) {
    schema.push({ name: c.name, repetition_type: optional, converted_type: 'LIST', num_children: 1 },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      { name: 'element', type: c.type, repetition_type: c.nullableElements ? 'OPTIONAL' : 'REQUIRED' })
  } else {
    const element = { name: c.name, type: c.type, repetition_type: optional }
    if (c.type === 'STRING') Object.assign(element, { type: 'BYTE_ARRAY', converted_type: 'UTF8' })
    schema.push(element)
  }
  const data = c.data.map(v => c.list && v !== null ? v.map(x => value(c, x)) : value(c, v))
  return { name: c.name, data }
})
parquetWriteFile({
  filename: out, columnData, schema, rowGroupSize: table.rowGroupSize ?? 100000, codec: table.codec ?? 'SNAPPY',
  compressors: { GZIP: bytes => new Uint8Array(zlib.gzipSync(bytes)) },
})
