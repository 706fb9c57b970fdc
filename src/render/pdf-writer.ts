/** Serializing a PDF as it is made: objects at recorded offsets, in 1 MiB blocks handed to a sink, then the xref table. */
import { PDFStream, type PDFObject, type PDFRef } from 'pdf-lib';

const HEADER = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
const ENDOBJ = '\nendobj\n';
const STREAM = '\nstream\n';
const ENDSTREAM = '\nendstream';
const BLOCK = 1 << 20;

/** Receives a PDF's bytes in order; each chunk is its own (the writer never reuses it). */
export type ByteSink = (chunk: Uint8Array) => void;

/** Consecutive objects as bytes, written once and copied into many files (ObjectWriter.copy). */
export interface SerializedObjects {
  first: number;
  /** each object's offset in `bytes` */
  offsets: number[];
  bytes: Uint8Array;
}

/** Serializes `objects` (numbered `first`, `first + 1`, … in order) once, for ObjectWriter.copy. */
export function serializeObjects(first: number, objects: readonly [PDFRef, PDFObject][]): SerializedObjects {
  const chunks: Uint8Array[] = [];
  const w = new ObjectWriter((c) => chunks.push(new Uint8Array(c)), false);
  for (const [ref, obj] of objects) w.write(ref, obj);
  const out = w.serialized(first);
  return { ...out, bytes: Buffer.concat(chunks) };
}

/** Runs `write` with a sink that keeps every chunk; returns them joined (for PDFs wanted in memory). */
export function collectBytes(write: (sink: ByteSink) => void): Uint8Array {
  const chunks: Uint8Array[] = [];
  write((chunk) => chunks.push(chunk));
  return Buffer.concat(chunks);
}

/**
 * The file as it is written: objects in the order they are finished, each at a recorded offset, in
 * 1 MiB blocks (no per-object buffers) handed to the sink as each fills, so a part's PDF need not be
 * held whole; `end` adds the classic xref table (no object streams: simple, fast, and every reader takes it).
 */
export class ObjectWriter {
  private block = Buffer.allocUnsafe(BLOCK);
  private used = 0;
  private offset = 0;
  private readonly offsets: number[] = [];

  /** Without `header`: a run of objects to be copied into other files by `copy` (their offsets relative to its start). */
  constructor(
    private readonly sink: ByteSink,
    header = true,
  ) {
    if (header) this.text(HEADER);
  }

  private reserve(bytes: number): void {
    if (this.used + bytes <= this.block.length) return;
    if (this.used > 0) this.sink(this.block.subarray(0, this.used));
    this.block = Buffer.allocUnsafe(Math.max(BLOCK, bytes));
    this.used = 0;
  }

  private text(s: string): void {
    this.reserve(s.length);
    this.used += this.block.write(s, this.used, 'latin1');
    this.offset += s.length;
  }

  write(ref: PDFRef, obj: PDFObject): void {
    if (this.offsets[ref.objectNumber] !== undefined) throw new Error(`PDF object ${ref.toString()} written twice`);
    this.offsets[ref.objectNumber] = this.offset;
    const head = `${ref.objectNumber} 0 obj\n`;
    if (obj instanceof PDFStream) return this.stream(head, obj);
    const size = obj.sizeInBytes();
    this.reserve(head.length + size + ENDOBJ.length);
    this.text(head);
    const wrote = obj.copyBytesInto(this.block, this.used);
    if (wrote !== size) throw new Error(`PDF object ${ref.toString()}: wrote ${wrote} of ${size} bytes`);
    this.used += size;
    this.offset += size;
    this.text(ENDOBJ);
  }

  /** A stream as pdf-lib writes it, its contents copied in one call (pdf-lib copies them byte by byte: ~0.1 ms for a font's 40 KB). */
  private stream(head: string, obj: PDFStream): void {
    obj.updateDict();
    const contents = obj.getContents();
    const size = obj.dict.sizeInBytes();
    this.reserve(head.length + size + STREAM.length + contents.length + ENDSTREAM.length + ENDOBJ.length);
    this.text(head);
    const wrote = obj.dict.copyBytesInto(this.block, this.used);
    if (wrote !== size) throw new Error(`PDF stream dictionary: wrote ${wrote} of ${size} bytes`);
    this.used += size;
    this.offset += size;
    this.text(STREAM);
    this.block.set(contents, this.used);
    this.used += contents.length;
    this.offset += contents.length;
    this.text(ENDSTREAM);
    this.text(ENDOBJ);
  }

  /**
   * Objects serialized once (by an ObjectWriter without header) copied in as they are: `first` is the
   * number of their first object, `offsets` each one's offset in `bytes`.
   */
  copy(block: SerializedObjects): void {
    block.offsets.forEach((o, i) => {
      if (this.offsets[block.first + i] !== undefined) throw new Error(`PDF object ${block.first + i} written twice`);
      this.offsets[block.first + i] = this.offset + o;
    });
    this.reserve(block.bytes.length);
    this.block.set(block.bytes, this.used);
    this.used += block.bytes.length;
    this.offset += block.bytes.length;
  }

  /** What a headerless writer wrote, for `copy`: its objects must be numbered `first`, `first + 1`, … in order. */
  serialized(first: number): SerializedObjects {
    const offsets = Array.from({ length: Math.max(0, this.offsets.length - first) }, (_, i) => this.offsets[first + i]);
    if (offsets.length === 0 || this.offsets.length !== first + offsets.length || offsets.some((o) => o === undefined))
      throw new Error(`serialized objects must be numbered from ${first} without gaps`);
    this.sink(this.block.subarray(0, this.used));
    return { first, offsets: offsets as number[], bytes: new Uint8Array(0) };
  }

  /** Writes the xref table and trailer, hands over the last block; returns the file's size. */
  end(size: number, root: PDFRef, info: PDFRef, id: string): number {
    const xref = this.offset;
    let table = `xref\n0 ${size}\n0000000000 65535 f \n`;
    for (let i = 1; i < size; i++) {
      const o = this.offsets[i];
      table += o === undefined ? '0000000000 65535 f \n' : `${String(o).padStart(10, '0')} 00000 n \n`;
    }
    this.text(`${table}trailer\n<< /Size ${size} /Root ${root.toString()} /Info ${info.toString()} /ID [<${id}> <${id}>] >>\nstartxref\n${xref}\n%%EOF\n`);
    this.sink(this.block.subarray(0, this.used));
    return this.offset;
  }
}
