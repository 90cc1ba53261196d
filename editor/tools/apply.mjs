// For the tests: the editor's writer run on files, as Node (stdin: JSON lines, one job each).
//   {"op": "roundtrip", "raw": "..."}                       → {"raw": the text written back}
//   {"op": "apply", "raw": "...", "data": {...}, "spec": {...}, "plan": true}
//                                                           → {"raw": the text with the data}
//   {"op": "emit", "data": {...}, "spec": {...}}           → {"raw": a new file}
//   {"op": "update", "raw": "...", "data": {...}, "spec": {...}, "languages": [...]}
//   {"op": "message", "collection": "progress", "slug": "2025-26", "before": {...} | null,
//    "after": {...}, "isNew": false, "words": {...}, "languages": [...], "plans": {...}}
//                                                           → {"message": the commit's words}
// Each answer is one JSON line; an error is {"error": message}.
import { createInterface } from "node:readline";

import { applyData, emitDocument, parse, toData } from "../src/document.js";
import { Memory, updateFormat, yamlFormat } from "../src/format.js";
import { commitMessage } from "../src/messages.js";
import { withHistory } from "../src/plan-rules.js";

function run(job) {
  if (job.op === "data") return { data: toData(parse(job.raw)) };
  if (job.op === "roundtrip") {
    const memory = new Memory();
    const fmt = job.languages ? updateFormat(job.spec, job.languages, memory) : yamlFormat(job.spec, memory);
    return { raw: fmt.toFile(fmt.fromFile(job.raw)) };
  }
  if (job.op === "apply") {
    const memory = new Memory();
    const fmt = yamlFormat(job.spec, memory, job.plan ? withHistory : null);
    const read = fmt.fromFile(job.raw);
    return { raw: fmt.toFile({ ...job.data, __sosafe: read.__sosafe }) };
  }
  if (job.op === "update") {
    const memory = new Memory();
    const fmt = updateFormat(job.spec, job.languages, memory);
    if (job.raw === null) return { raw: fmt.toFile(job.data) };
    const read = fmt.fromFile(job.raw);
    return { raw: fmt.toFile({ ...job.data, __sosafe: read.__sosafe }) };
  }
  if (job.op === "emit") return { raw: emitDocument(job.data, job.spec) };
  if (job.op === "message") {
    const plans = new Map(Object.entries(job.plans || {}));
    return { message: commitMessage({ ...job, w: job.words, plans }) };
  }
  throw new Error(`unknown op ${job.op}`);
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  let out;
  try {
    out = run(JSON.parse(line));
  } catch (err) {
    out = { error: String(err && err.stack ? err.stack : err) };
  }
  process.stdout.write(JSON.stringify(out) + "\n");
}
