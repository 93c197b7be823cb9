// A small hand-written protobuf encoder for the subset of ONNX that a tiny embedding graph needs
// (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto), so generating a test
// model depends on no protobuf package. Field numbers follow onnx/onnx.proto (ONNX IR spec).

/** ONNX tensor element types used here (TensorProto.DataType). */
export const ONNX_FLOAT = 1;
/** ONNX 64-bit signed integer element type (TensorProto.DataType.INT64). */
export const ONNX_INT64 = 7;

/** A constant tensor stored in the graph (an initializer). */
export interface OnnxTensor {
  name: string;
  dims: number[];
  data: Float32Array | BigInt64Array;
}

/** A node attribute; only the integer kinds a small graph needs. */
export type OnnxAttribute = { name: string; int: number } | { name: string; ints: number[] };

/** One operator application. */
export interface OnnxNode {
  opType: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  attributes?: OnnxAttribute[];
}

/** A graph input or output: name, element type and shape (a string is a symbolic dimension). */
export interface OnnxValueInfo {
  name: string;
  elemType: number;
  shape: (number | string)[];
}

/** A whole graph plus the model header fields. */
export interface OnnxModelSpec {
  graphName: string;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  irVersion: number;
  opsetVersion: number;
  producerName: string;
}

const WIRE_VARINT = 0;
const WIRE_LEN = 2;
const ATTR_INT = 2;
const ATTR_INTS = 7;

/** Growable byte buffer with the protobuf primitives. */
class ProtoWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  private ensure(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /** Base-128 varint; negative int64 values are written as their 64-bit two's complement, as protobuf does. */
  varint(value: number | bigint): this {
    let v = BigInt.asUintN(64, BigInt(value));
    this.ensure(10);
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v !== 0n) byte |= 0x80;
      this.buf[this.len++] = byte;
    } while (v !== 0n);
    return this;
  }

  private key(field: number, wire: number): this {
    return this.varint((field << 3) | wire);
  }

  int(field: number, value: number | bigint): this {
    return this.key(field, WIRE_VARINT).varint(value);
  }

  bytes(field: number, data: Uint8Array): this {
    this.key(field, WIRE_LEN).varint(data.length);
    this.ensure(data.length);
    this.buf.set(data, this.len);
    this.len += data.length;
    return this;
  }

  string(field: number, text: string): this {
    return this.bytes(field, new TextEncoder().encode(text));
  }

  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** Little-endian bytes of a tensor's data, as TensorProto.raw_data requires regardless of the host. */
function rawBytes(data: Float32Array | BigInt64Array): Uint8Array {
  const width = data instanceof Float32Array ? 4 : 8;
  const out = new Uint8Array(data.length * width);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) {
    if (data instanceof Float32Array) view.setFloat32(i * 4, data[i] ?? 0, true);
    else view.setBigInt64(i * 8, data[i] ?? 0n, true);
  }
  return out;
}

function writeTensor(w: ProtoWriter, t: OnnxTensor): void {
  const count = t.dims.reduce((a, b) => a * b, 1);
  if (count !== t.data.length) {
    throw new Error(`onnx-proto: tensor "${t.name}" has ${t.data.length} values but dims ${t.dims.join('x')}`);
  }
  for (const d of t.dims) w.int(1, d); // dims
  w.int(2, t.data instanceof Float32Array ? ONNX_FLOAT : ONNX_INT64); // data_type
  w.string(8, t.name); // name
  w.bytes(9, rawBytes(t.data)); // raw_data
}

function writeValueInfo(w: ProtoWriter, v: OnnxValueInfo): void {
  w.string(1, v.name); // ValueInfoProto.name
  w.message(2, (type) => // ValueInfoProto.type: TypeProto
    type.message(1, (tensor) => { // TypeProto.tensor_type
      tensor.int(1, v.elemType); // elem_type
      tensor.message(2, (shape) => { // shape: TensorShapeProto
        for (const d of v.shape) {
          shape.message(1, (dim) => { // dim: Dimension
            if (typeof d === 'number') dim.int(1, d); // dim_value
            else dim.string(2, d); // dim_param
          });
        }
      });
    }),
  );
}

function writeNode(w: ProtoWriter, n: OnnxNode): void {
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  if (n.name) w.string(3, n.name);
  w.string(4, n.opType);
  for (const a of n.attributes ?? []) {
    w.message(5, (attr) => {
      attr.string(1, a.name);
      if ('int' in a) {
        attr.int(3, a.int); // i
        attr.int(20, ATTR_INT); // type
      } else {
        for (const v of a.ints) attr.int(8, v); // ints (unpacked is always accepted by parsers)
        attr.int(20, ATTR_INTS);
      }
    });
  }
}

/** Encodes a complete ONNX ModelProto. */
export function encodeOnnxModel(spec: OnnxModelSpec): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, spec.irVersion); // ir_version
  w.string(2, spec.producerName); // producer_name
  w.message(7, (g) => { // graph
    for (const n of spec.nodes) g.message(1, (m) => writeNode(m, n));
    g.string(2, spec.graphName);
    for (const t of spec.initializers) g.message(5, (m) => writeTensor(m, t));
    for (const v of spec.inputs) g.message(11, (m) => writeValueInfo(m, v));
    for (const v of spec.outputs) g.message(12, (m) => writeValueInfo(m, v));
  });
  w.message(8, (op) => { // opset_import: default domain ''
    op.string(1, '');
    op.int(2, spec.opsetVersion);
  });
  return w.finish();
}
