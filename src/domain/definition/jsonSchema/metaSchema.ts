import type { JsonObject } from "../../json/Json.ts"

/** The dialect of input and form schemas. */
export const jsonSchemaDialect = "https://json-schema.org/draft/2020-12/schema"

const schema = { $ref: "#" }
const schemaArray = { type: "array", minItems: 1, items: schema }
const schemaMap = { type: "object", additionalProperties: schema }
const nonNegativeInteger = { type: "integer", minimum: 0 }
const stringArray = { type: "array", items: { type: "string" }, uniqueItems: true }
const uriReference = { type: "string", format: "uri-reference" }
const anchor = { type: "string", pattern: "^[A-Za-z_][-A-Za-z0-9._]*$" }
const simpleTypes = { enum: ["array", "boolean", "integer", "null", "number", "object", "string"] }

/**
 * The JSON Schema 2020-12 meta-schema (json-schema.org/draft/2020-12/schema and its seven
 * vocabulary meta-schemas) flattened into one schema: every `$dynamicRef: "#meta"` becomes
 * `$ref: "#"`, which means the same for schemas that do not extend the dialect, and which
 * @cfworker/json-schema evaluates (it has no `$dynamicRef`). `format: regex` is left out:
 * Foldflow runs patterns with RE2, and checks them with RE2 (see checkJsonSchema.ts).
 */
export const metaSchema: JsonObject = {
  $id: "https://foldflow.dev/meta/json-schema-2020-12",
  type: ["object", "boolean"],
  properties: {
    // core
    $id: { ...uriReference, pattern: "^[^#]*#?$" },
    $schema: { type: "string", format: "uri" },
    $ref: uriReference,
    $anchor: anchor,
    $dynamicRef: uriReference,
    $dynamicAnchor: anchor,
    $vocabulary: {
      type: "object",
      propertyNames: { type: "string", format: "uri" },
      additionalProperties: { type: "boolean" }
    },
    $comment: { type: "string" },
    $defs: schemaMap,
    // applicator
    prefixItems: schemaArray,
    items: schema,
    contains: schema,
    additionalProperties: schema,
    properties: schemaMap,
    patternProperties: schemaMap,
    dependentSchemas: schemaMap,
    propertyNames: schema,
    if: schema,
    then: schema,
    else: schema,
    allOf: schemaArray,
    anyOf: schemaArray,
    oneOf: schemaArray,
    not: schema,
    // unevaluated
    unevaluatedItems: schema,
    unevaluatedProperties: schema,
    // validation
    type: { anyOf: [simpleTypes, { type: "array", items: simpleTypes, minItems: 1, uniqueItems: true }] },
    const: true,
    enum: { type: "array", items: true },
    multipleOf: { type: "number", exclusiveMinimum: 0 },
    maximum: { type: "number" },
    exclusiveMaximum: { type: "number" },
    minimum: { type: "number" },
    exclusiveMinimum: { type: "number" },
    maxLength: nonNegativeInteger,
    minLength: nonNegativeInteger,
    pattern: { type: "string" },
    maxItems: nonNegativeInteger,
    minItems: nonNegativeInteger,
    uniqueItems: { type: "boolean" },
    maxContains: nonNegativeInteger,
    minContains: nonNegativeInteger,
    maxProperties: nonNegativeInteger,
    minProperties: nonNegativeInteger,
    required: stringArray,
    dependentRequired: { type: "object", additionalProperties: stringArray },
    // meta-data
    title: { type: "string" },
    description: { type: "string" },
    default: true,
    deprecated: { type: "boolean" },
    readOnly: { type: "boolean" },
    writeOnly: { type: "boolean" },
    examples: { type: "array", items: true },
    // format-annotation and content
    format: { type: "string" },
    contentEncoding: { type: "string" },
    contentMediaType: { type: "string" },
    contentSchema: schema,
    // keywords of earlier drafts that the 2020-12 meta-schema still constrains
    definitions: schemaMap,
    dependencies: { type: "object", additionalProperties: { anyOf: [schema, stringArray] } },
    $recursiveAnchor: anchor,
    $recursiveRef: uriReference
  }
}
