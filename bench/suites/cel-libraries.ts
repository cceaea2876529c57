/**
 * The comparison behind docs/decisions/0001-cel-library.md: CEL spec conformance (the
 * protobuf-free subset of cel-spec's simple tests) and evaluation speed of typical workflow
 * conditions, for @marcbachmann/cel-js and @bufbuild/cel. `npm run bench -- cel-libraries`;
 * `CEL_FAILURES=1` also lists every failing conformance test.
 */
import { measureRate, report } from "../report.ts"
import { bufbuild, bufbuildCompiler, marcbachmann, marcbachmannCompiler } from "../cel/candidates.ts"
import type { Compiler } from "../cel/candidates.ts"
import { conditions } from "../cel/conditions.ts"
import { loadCorpus, runConformance, suiteCases } from "../../test/fixtures/cel/conformance.ts"
import type { Candidate } from "../../test/fixtures/cel/conformance.ts"

const contenders: ReadonlyArray<readonly [Candidate, Compiler]> = [
  [marcbachmann, marcbachmannCompiler],
  [bufbuild, bufbuildCompiler]
]

const conformance = (candidate: Candidate): void => {
  const corpus = loadCorpus()
  for (const [part, suites] of [
    ["core", corpus.core],
    ["extensions", corpus.extensions]
  ] as const) {
    let passed = 0
    let total = 0
    for (const suite of suites) {
      const result = runConformance(candidate, suiteCases(corpus, suite))
      passed += result.passed
      total += result.total
      console.error(`#   ${candidate.name} ${suite}: ${result.passed}/${result.total}`)
      if (process.env["CEL_FAILURES"] !== undefined)
        for (const f of result.failures) console.error(`#     ${f}`)
    }
    report(`${candidate.name} conformance ${part}`, passed, `of ${total} tests`)
  }
}

const speed = (candidate: Candidate, compile: Compiler): void => {
  const programs = conditions.map((c) => [compile(c.expr), c.bindings] as const)
  const evaluateAll = (): number => {
    for (const [program, bindings] of programs) program(bindings)
    return programs.length
  }
  measureRate(evaluateAll, 300) // warm-up: let the JIT settle before measuring
  report(`${candidate.name} evaluate`, measureRate(evaluateAll, 2000), "evaluations/s")
  const compileAll = (): number => {
    for (const c of conditions) compile(c.expr)
    return conditions.length
  }
  measureRate(compileAll, 300)
  report(`${candidate.name} compile`, measureRate(compileAll, 2000), "compilations/s")
}

export default async (): Promise<void> => {
  for (const [candidate, compile] of contenders) {
    // Every condition must give the same answer in both libraries, or the speed race is moot.
    console.error(
      `#   ${candidate.name} results: ${JSON.stringify(conditions.map((c) => String(compile(c.expr)(c.bindings))))}`
    )
    conformance(candidate)
    speed(candidate, compile)
  }
}
