"""openapi.py - a small, independent checker of JSON values against the
schemas of an OpenAPI 3.1 document (the JSON Schema 2020-12 keywords the
document uses), for tests/test-api.sh.  Python's standard library only.

validate(doc, schema, value) returns a list of errors ("$.hits[0].para:
want integer, got str"); empty when the value conforms."""
import re


def _resolve(doc, schema):
    while isinstance(schema, dict) and "$ref" in schema:
        ref = schema["$ref"]
        if not ref.startswith("#/"):
            raise ValueError("only local $ref: " + ref)
        node = doc
        for part in ref[2:].split("/"):
            node = node[part]
        schema = node
    return schema


def _type_ok(t, v):
    if t == "null":
        return v is None
    if t == "boolean":
        return isinstance(v, bool)
    if t == "integer":
        return isinstance(v, int) and not isinstance(v, bool)
    if t == "number":
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    if t == "string":
        return isinstance(v, str)
    if t == "array":
        return isinstance(v, list)
    if t == "object":
        return isinstance(v, dict)
    raise ValueError("unknown type " + t)


def _evaluated(doc, schema):
    """The property names a schema and its allOf parts declare."""
    schema = _resolve(doc, schema)
    names = set(schema.get("properties", {}))
    for sub in schema.get("allOf", []):
        names |= _evaluated(doc, sub)
    return names


def validate(doc, schema, v, path="$"):
    schema = _resolve(doc, schema)
    if schema is True or schema == {}:
        return []
    if schema is False:
        return ["%s: no value is allowed here" % path]
    errs = []
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_type_ok(t, v) for t in types):
            return ["%s: want %s, got %s %r" % (path, "|".join(types), type(v).__name__,
                                                 v if not isinstance(v, (dict, list)) else "")]
    if "enum" in schema and v not in schema["enum"]:
        errs.append("%s: %r is not one of %r" % (path, v, schema["enum"]))
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if "minimum" in schema and v < schema["minimum"]:
            errs.append("%s: %r below %r" % (path, v, schema["minimum"]))
        if "maximum" in schema and v > schema["maximum"]:
            errs.append("%s: %r above %r" % (path, v, schema["maximum"]))
    if isinstance(v, str) and "pattern" in schema and not re.search(schema["pattern"], v):
        errs.append("%s: %r does not match /%s/" % (path, v, schema["pattern"]))
    for sub in schema.get("allOf", []):
        errs += validate(doc, sub, v, path)
    if "oneOf" in schema:
        n = sum(1 for sub in schema["oneOf"] if not validate(doc, sub, v, path))
        if n != 1:
            errs.append("%s: matches %d of oneOf, not 1" % (path, n))
    if isinstance(v, dict):
        props = schema.get("properties", {})
        for k in schema.get("required", []):
            if k not in v:
                errs.append("%s: no %r" % (path, k))
        for k, val in v.items():
            if k in props:
                errs += validate(doc, props[k], val, "%s.%s" % (path, k))
            elif "additionalProperties" in schema:
                errs += validate(doc, schema["additionalProperties"], val, "%s.%s" % (path, k))
        if schema.get("unevaluatedProperties") is False:
            known = _evaluated(doc, schema)
            for k in v:
                if k not in known:
                    errs.append("%s.%s: not in the schema" % (path, k))
    if isinstance(v, list):
        if "minItems" in schema and len(v) < schema["minItems"]:
            errs.append("%s: %d items, at least %d" % (path, len(v), schema["minItems"]))
        if "maxItems" in schema and len(v) > schema["maxItems"]:
            errs.append("%s: %d items, at most %d" % (path, len(v), schema["maxItems"]))
        prefix = schema.get("prefixItems", [])
        for i, item in enumerate(v):
            if i < len(prefix):
                errs += validate(doc, prefix[i], item, "%s[%d]" % (path, i))
            elif "items" in schema:
                errs += validate(doc, schema["items"], item, "%s[%d]" % (path, i))
    return errs


def response_schema(doc, path, method, status, media):
    """The schema of a reply, or (None, why) when the document does not
    declare that status or that media type for the route."""
    ops = doc["paths"].get(path)
    if ops is None:
        return None, "%s is not in the document" % path
    op = ops.get(method.lower())
    if op is None:
        # a method the route does not take: 405 and an Error, which
        # OpenAPI has no place to declare
        if status == 405 and media == "application/json":
            return doc["components"]["schemas"]["Error"], None
        return None, "%s %s: %d for a method the route does not take, want 405" % (
            method, path, status)
    resp = op["responses"].get(str(status))
    if resp is None:
        return None, "%s %s: status %d is not declared" % (method, path, status)
    resp = _resolve(doc, resp)
    content = resp.get("content")
    if content is None:
        return {}, None if media is None else "%s %s %d: a body where none is declared" % (
            method, path, status)
    if media not in content:
        return None, "%s %s %d: media type %r, declared %r" % (method, path, status, media,
                                                              sorted(content))
    return content[media].get("schema", {}), None
