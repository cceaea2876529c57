import type { Catch, Graph, Step } from "../format/Step.ts"
import type { RetryPolicy } from "../format/RetryPolicy.ts"
import { compileJsonSchema } from "../jsonSchema/validateJson.ts"
import { nestedGraph } from "../../instance/tokens.ts"
import { Either } from "effect"
import type { CompiledCatch, CompiledGraph, CompiledStep, Uses } from "./CompiledDefinition.ts"
import { expr, ms, optionalMs, tmpl } from "./compileCode.ts"
import { compileRetry } from "./compileRetry.ts"

const builtins = new Set(["set", "log", "noop"])

const catchers = (list: ReadonlyArray<Catch> | undefined): ReadonlyArray<CompiledCatch> =>
  (list ?? []).map((c) => ({
    ...(c.errors === undefined ? {} : { errors: new Set(c.errors) }),
    ...(c.when === undefined ? {} : { when: expr(c.when) }),
    ...(c.into === undefined ? {} : { into: c.into }),
    next: c.next
  }))

/** Drops absent optional fields, so compiled steps never hold `undefined` (exactOptionalPropertyTypes). */
const defined = <A extends object>(fields: A): { [K in keyof A]: Exclude<A[K], undefined> } =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as never

/** Compiles one graph and, recursively, the graphs of its parallel branches and map bodies. */
export const compileGraph = (
  key: string,
  graph: Graph,
  workflowRetry: RetryPolicy | undefined,
  into: Map<string, CompiledGraph>
): void => {
  const steps = new Map<string, CompiledStep>()
  for (const [name, step] of Object.entries(graph.steps))
    steps.set(name, compileStep(key, name, step, workflowRetry, into))
  into.set(key, { key, start: graph.start, steps })
}

/** A compiled step before its variables are known. */
type StepCode = CompiledStep extends infer S ? (S extends CompiledStep ? Omit<S, "uses"> : never) : never

/** Every variable the compiled code of a step reads (CEL in conditions, templates, catches). */
const usesOf = (step: StepCode): Uses => {
  const names = new Set<string>()
  const visit = (value: unknown, depth: number): void => {
    if (depth > 6 || value === null || typeof value !== "object") return
    if (Either.isEither(value)) {
      if (Either.isRight(value))
        for (const name of (value.right as { variables: ReadonlySet<string> }).variables) names.add(name)
      return
    }
    for (const inner of Array.isArray(value) ? value : Object.values(value)) visit(inner, depth + 1)
  }
  for (const [key, value] of Object.entries(step)) if (key !== "formSchema" && key !== "form") visit(value, 0)
  return { names, key: [...names].sort().join(",") }
}

const compileStep = (
  graph: string,
  name: string,
  step: Step,
  workflowRetry: RetryPolicy | undefined,
  graphs: Map<string, CompiledGraph>
): CompiledStep => {
  const compiled = compileStepCode(graph, name, step, workflowRetry, graphs)
  return { ...compiled, uses: usesOf(compiled) } as CompiledStep
}

const compileStepCode = (
  graph: string,
  name: string,
  step: Step,
  workflowRetry: RetryPolicy | undefined,
  graphs: Map<string, CompiledGraph>
): StepCode => {
  const base = { name, graph }
  switch (step.type) {
    case "action":
      return {
        ...base,
        kind: "action",
        ...defined({
          builtin: step.queue === undefined && builtins.has(step.action) ? (step.action as "set") : undefined,
          queue: step.queue,
          with: step.with === undefined ? undefined : tmpl(step.with),
          output: step.output,
          timeoutMs: optionalMs(step.timeout),
          heartbeatMs: optionalMs(step.heartbeat),
          compensate: step.compensate,
          next: step.next
        }),
        action: step.action,
        retry: compileRetry(workflowRetry, step.retry),
        catch: catchers(step.catch)
      }
    case "choice":
      return {
        ...base,
        kind: "choice",
        choices: step.choices.map((choice) => ({ when: expr(choice.when), next: choice.next })),
        ...defined({ otherwise: step.otherwise })
      }
    case "wait":
      return {
        ...base,
        kind: "wait",
        mode:
          step.signal !== undefined
            ? { kind: "signal", name: step.signal }
            : step.event !== undefined
              ? {
                  kind: "event",
                  type: step.event,
                  ...defined({ correlate: step.correlate === undefined ? undefined : expr(step.correlate) })
                }
              : step.for !== undefined
                ? { kind: "for", ms: ms(step.for) }
                : { kind: "until", until: tmpl(step.until ?? "") },
        ...defined({
          timeoutMs: optionalMs(step.timeout),
          onTimeout: step.onTimeout,
          into: step.into,
          next: step.next
        })
      }
    case "human":
      return {
        ...base,
        kind: "human",
        role: step.role,
        remindMs: (step.remind ?? []).map(ms),
        ...defined({
          title: step.title === undefined ? undefined : tmpl(step.title),
          assignee: step.assignee === undefined ? undefined : expr(step.assignee),
          form: step.form,
          formSchema: step.form === undefined ? undefined : compileJsonSchema(step.form),
          dueMs: optionalMs(step.due),
          weight: step.weight,
          escalate:
            step.escalate === undefined
              ? undefined
              : { to: step.escalate.to, ...defined({ afterMs: optionalMs(step.escalate.after) }) },
          outcomes: step.outcomes,
          into: step.into,
          next: step.next
        })
      }
    case "parallel":
      return {
        ...base,
        kind: "parallel",
        branches: step.branches.map((branch, index) => {
          const key = nestedGraph(graph, name, `b${index}`)
          compileGraph(key, branch, workflowRetry, graphs)
          return { graph: key, start: branch.start }
        }),
        join: step.join ?? "all",
        catch: catchers(step.catch),
        ...defined({ next: step.next })
      }
    case "map": {
      const key = nestedGraph(graph, name, "do")
      compileGraph(key, step.do, workflowRetry, graphs)
      return {
        ...base,
        kind: "map",
        items: expr(step.items),
        do: { graph: key, start: step.do.start },
        catch: catchers(step.catch),
        ...defined({ concurrency: step.concurrency, output: step.output, next: step.next })
      }
    }
    case "subflow":
      return {
        ...base,
        kind: "subflow",
        workflow: step.workflow,
        catch: catchers(step.catch),
        ...defined({
          version: step.version,
          input: step.input === undefined ? undefined : tmpl(step.input),
          output: step.output,
          timeoutMs: optionalMs(step.timeout),
          next: step.next
        })
      }
    case "succeed":
      return {
        ...base,
        kind: "succeed",
        ...defined({ output: step.output === undefined ? undefined : tmpl(step.output) })
      }
    case "fail":
      return {
        ...base,
        kind: "fail",
        error: {
          type: step.error.type,
          ...defined({
            message: step.error.message === undefined ? undefined : tmpl(step.error.message),
            details: step.error.details === undefined ? undefined : tmpl(step.error.details)
          })
        }
      }
  }
}
