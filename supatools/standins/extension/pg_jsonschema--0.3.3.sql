-- supatools stand-in for pg_jsonschema 0.3.3: the same functions, validating in PL/pgSQL.
-- Checked: boolean schemas, type (integer included), enum, const, minimum, maximum,
-- exclusiveMinimum/Maximum (number and draft-4 boolean forms), multipleOf, minLength,
-- maxLength, pattern (PostgreSQL regular expressions, close to ECMA 262 for common
-- patterns), properties, required, additionalProperties, patternProperties,
-- minProperties, maxProperties, items (one schema or a tuple), prefixItems, minItems,
-- maxItems, uniqueItems, contains, allOf, anyOf, oneOf, not, if/then/else and local
-- "$ref" ("#", "#/definitions/x", "#/$defs/x"). Accepted without a check: format,
-- dependencies, dependentSchemas, unevaluated*, remote $ref. Written for supatools local.
\echo Use "CREATE EXTENSION pg_jsonschema" to load this file. \quit

-- the errors of one instance against one (sub)schema: "<JSON pointer>: <what>"
CREATE FUNCTION _supatools_jsonschema_errors(schema jsonb, instance jsonb, root jsonb, at text)
RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
    errors text[] := '{}';
    kind text := pg_catalog.jsonb_typeof(instance);
    types jsonb;
    sub jsonb;
    prop text;
    item jsonb;
    matched int;
    n numeric;
    i int;
    pointer text[];
    here text := CASE WHEN at = '' THEN '/' ELSE at END;
BEGIN
    IF schema = 'true'::jsonb THEN RETURN errors; END IF;
    IF schema = 'false'::jsonb THEN RETURN ARRAY[here || ': no value is allowed here']; END IF;
    IF pg_catalog.jsonb_typeof(schema) <> 'object' THEN RETURN errors; END IF;
    IF schema ? '$ref' THEN
        IF schema->>'$ref' = '#' THEN
            errors := errors || @extschema@._supatools_jsonschema_errors(root, instance, root, at);
        ELSIF schema->>'$ref' LIKE '#/%' THEN
            SELECT pg_catalog.array_agg(pg_catalog.replace(pg_catalog.replace(p, '~1', '/'), '~0', '~')
                                        ORDER BY o)
            INTO pointer
            FROM pg_catalog.unnest(pg_catalog.string_to_array(pg_catalog.substr(schema->>'$ref', 3), '/'))
                 WITH ORDINALITY AS t(p, o);
            errors := errors || @extschema@._supatools_jsonschema_errors(
                COALESCE(root #> pointer, 'true'), instance, root, at);
        END IF;
    END IF;
    IF schema ? 'type' THEN
        types := CASE WHEN pg_catalog.jsonb_typeof(schema->'type') = 'array' THEN schema->'type'
                      ELSE pg_catalog.jsonb_build_array(schema->'type') END;
        IF NOT (types ? kind
                OR (kind = 'number' AND types ? 'integer'
                    AND (instance #>> '{}')::numeric = pg_catalog.trunc((instance #>> '{}')::numeric)))
        THEN
            errors := errors || (here || ': ' || instance::text || ' is not of type ' || types::text);
        END IF;
    END IF;
    IF schema ? 'enum' AND NOT EXISTS (
        SELECT FROM pg_catalog.jsonb_array_elements(schema->'enum') AS e WHERE e = instance) THEN
        errors := errors || (here || ': ' || instance::text || ' is not one of ' || (schema->'enum')::text);
    END IF;
    IF schema ? 'const' AND schema->'const' <> instance THEN
        errors := errors || (here || ': ' || instance::text || ' is not ' || (schema->'const')::text);
    END IF;
    IF kind = 'number' THEN
        n := (instance #>> '{}')::numeric;
        IF jsonb_typeof(schema->'minimum') = 'number' AND (n < (schema->>'minimum')::numeric
                OR (schema->'exclusiveMinimum' = 'true' AND n = (schema->>'minimum')::numeric)) THEN
            errors := errors || (here || ': ' || n || ' is less than the minimum of ' || (schema->>'minimum'));
        END IF;
        IF jsonb_typeof(schema->'maximum') = 'number' AND (n > (schema->>'maximum')::numeric
                OR (schema->'exclusiveMaximum' = 'true' AND n = (schema->>'maximum')::numeric)) THEN
            errors := errors || (here || ': ' || n || ' is greater than the maximum of ' || (schema->>'maximum'));
        END IF;
        IF jsonb_typeof(schema->'exclusiveMinimum') = 'number'
           AND n <= (schema->>'exclusiveMinimum')::numeric THEN
            errors := errors || (here || ': ' || n || ' is not greater than ' || (schema->>'exclusiveMinimum'));
        END IF;
        IF jsonb_typeof(schema->'exclusiveMaximum') = 'number'
           AND n >= (schema->>'exclusiveMaximum')::numeric THEN
            errors := errors || (here || ': ' || n || ' is not less than ' || (schema->>'exclusiveMaximum'));
        END IF;
        IF jsonb_typeof(schema->'multipleOf') = 'number'
           AND n % (schema->>'multipleOf')::numeric <> 0 THEN
            errors := errors || (here || ': ' || n || ' is not a multiple of ' || (schema->>'multipleOf'));
        END IF;
    ELSIF kind = 'string' THEN
        IF schema ? 'minLength' AND pg_catalog.length(instance #>> '{}') < (schema->>'minLength')::numeric THEN
            errors := errors || (here || ': ' || instance::text || ' is shorter than ' || (schema->>'minLength') || ' characters');
        END IF;
        IF schema ? 'maxLength' AND pg_catalog.length(instance #>> '{}') > (schema->>'maxLength')::numeric THEN
            errors := errors || (here || ': ' || instance::text || ' is longer than ' || (schema->>'maxLength') || ' characters');
        END IF;
        IF schema ? 'pattern' AND NOT (instance #>> '{}') ~ (schema->>'pattern') THEN
            errors := errors || (here || ': ' || instance::text || ' does not match ' || (schema->'pattern')::text);
        END IF;
    ELSIF kind = 'object' THEN
        IF schema ? 'required' THEN
            FOR prop IN SELECT pg_catalog.jsonb_array_elements_text(schema->'required') LOOP
                IF NOT instance ? prop THEN
                    errors := errors || (here || ': "' || prop || '" is a required property');
                END IF;
            END LOOP;
        END IF;
        IF schema ? 'minProperties' AND (SELECT count(*) FROM pg_catalog.jsonb_object_keys(instance))
                                        < (schema->>'minProperties')::numeric THEN
            errors := errors || (here || ': fewer than ' || (schema->>'minProperties') || ' properties');
        END IF;
        IF schema ? 'maxProperties' AND (SELECT count(*) FROM pg_catalog.jsonb_object_keys(instance))
                                        > (schema->>'maxProperties')::numeric THEN
            errors := errors || (here || ': more than ' || (schema->>'maxProperties') || ' properties');
        END IF;
        FOR prop, item IN SELECT * FROM pg_catalog.jsonb_each(instance) LOOP
            matched := 0;
            IF schema->'properties' ? prop THEN
                matched := 1;
                errors := errors || @extschema@._supatools_jsonschema_errors(
                    schema->'properties'->prop, item, root, at || '/' || prop);
            END IF;
            IF pg_catalog.jsonb_typeof(schema->'patternProperties') = 'object' THEN
                FOR sub IN SELECT p.value FROM pg_catalog.jsonb_each(schema->'patternProperties') AS p
                           WHERE prop ~ p.key LOOP
                    matched := 1;
                    errors := errors || @extschema@._supatools_jsonschema_errors(
                        sub, item, root, at || '/' || prop);
                END LOOP;
            END IF;
            IF matched = 0 AND schema ? 'additionalProperties' THEN
                IF schema->'additionalProperties' = 'false'::jsonb THEN
                    errors := errors || (here || ': additional property "' || prop || '" is not allowed');
                ELSE
                    errors := errors || @extschema@._supatools_jsonschema_errors(
                        schema->'additionalProperties', item, root, at || '/' || prop);
                END IF;
            END IF;
        END LOOP;
    ELSIF kind = 'array' THEN
        IF schema ? 'minItems' AND pg_catalog.jsonb_array_length(instance) < (schema->>'minItems')::numeric THEN
            errors := errors || (here || ': fewer than ' || (schema->>'minItems') || ' items');
        END IF;
        IF schema ? 'maxItems' AND pg_catalog.jsonb_array_length(instance) > (schema->>'maxItems')::numeric THEN
            errors := errors || (here || ': more than ' || (schema->>'maxItems') || ' items');
        END IF;
        IF schema->'uniqueItems' = 'true'::jsonb AND (SELECT count(DISTINCT e) <> count(*)
                FROM pg_catalog.jsonb_array_elements(instance) AS e) THEN
            errors := errors || (here || ': ' || instance::text || ' has non-unique items');
        END IF;
        FOR i IN 0 .. pg_catalog.jsonb_array_length(instance) - 1 LOOP
            sub := CASE
                WHEN pg_catalog.jsonb_typeof(schema->'prefixItems') = 'array'
                     AND i < pg_catalog.jsonb_array_length(schema->'prefixItems')
                    THEN schema->'prefixItems'->i
                WHEN pg_catalog.jsonb_typeof(schema->'items') = 'array'
                    THEN COALESCE(schema->'items'->i, schema->'additionalItems')
                WHEN pg_catalog.jsonb_typeof(schema->'prefixItems') = 'array'
                    THEN COALESCE(schema->'items', schema->'additionalItems')
                ELSE schema->'items' END;
            IF sub IS NOT NULL THEN
                errors := errors || @extschema@._supatools_jsonschema_errors(
                    sub, instance->i, root, at || '/' || i);
            END IF;
        END LOOP;
        IF schema ? 'contains' AND NOT EXISTS (
            SELECT FROM pg_catalog.jsonb_array_elements(instance) AS e
            WHERE pg_catalog.cardinality(@extschema@._supatools_jsonschema_errors(
                      schema->'contains', e, root, at)) = 0) THEN
            errors := errors || (here || ': no item matches "contains"');
        END IF;
    END IF;
    IF pg_catalog.jsonb_typeof(schema->'allOf') = 'array' THEN
        FOR sub IN SELECT pg_catalog.jsonb_array_elements(schema->'allOf') LOOP
            errors := errors || @extschema@._supatools_jsonschema_errors(sub, instance, root, at);
        END LOOP;
    END IF;
    IF pg_catalog.jsonb_typeof(schema->'anyOf') = 'array' AND NOT EXISTS (
        SELECT FROM pg_catalog.jsonb_array_elements(schema->'anyOf') AS s
        WHERE pg_catalog.cardinality(@extschema@._supatools_jsonschema_errors(s, instance, root, at)) = 0)
    THEN
        errors := errors || (here || ': ' || instance::text || ' matches none of "anyOf"');
    END IF;
    IF pg_catalog.jsonb_typeof(schema->'oneOf') = 'array' AND (
        SELECT count(*) FROM pg_catalog.jsonb_array_elements(schema->'oneOf') AS s
        WHERE pg_catalog.cardinality(@extschema@._supatools_jsonschema_errors(s, instance, root, at)) = 0)
        <> 1
    THEN
        errors := errors || (here || ': ' || instance::text || ' does not match exactly one of "oneOf"');
    END IF;
    IF schema ? 'not' AND pg_catalog.cardinality(
            @extschema@._supatools_jsonschema_errors(schema->'not', instance, root, at)) = 0 THEN
        errors := errors || (here || ': ' || instance::text || ' matches "not"');
    END IF;
    IF schema ? 'if' THEN
        IF pg_catalog.cardinality(@extschema@._supatools_jsonschema_errors(schema->'if', instance, root, at)) = 0 THEN
            IF schema ? 'then' THEN
                errors := errors || @extschema@._supatools_jsonschema_errors(schema->'then', instance, root, at);
            END IF;
        ELSIF schema ? 'else' THEN
            errors := errors || @extschema@._supatools_jsonschema_errors(schema->'else', instance, root, at);
        END IF;
    END IF;
    RETURN errors;
END
$$;

-- whether a schema is one the validator can use: an object or boolean whose keywords
-- have the right JSON types (the meta-schema's checks for the keywords above)
CREATE FUNCTION _supatools_jsonschema_ok(schema jsonb) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
    sub jsonb;
    kinds text[] := ARRAY['null', 'boolean', 'object', 'array', 'number', 'string', 'integer'];
BEGIN
    IF pg_catalog.jsonb_typeof(schema) = 'boolean' THEN RETURN true; END IF;
    IF pg_catalog.jsonb_typeof(schema) <> 'object' THEN RETURN false; END IF;
    IF schema ? 'type' AND NOT (
        (pg_catalog.jsonb_typeof(schema->'type') = 'string' AND (schema->>'type') = ANY(kinds))
        OR (pg_catalog.jsonb_typeof(schema->'type') = 'array' AND NOT EXISTS (
            SELECT FROM pg_catalog.jsonb_array_elements(schema->'type') AS t
            WHERE pg_catalog.jsonb_typeof(t) <> 'string' OR NOT (t #>> '{}') = ANY(kinds)))) THEN
        RETURN false;
    END IF;
    IF schema ? 'required' AND (pg_catalog.jsonb_typeof(schema->'required') <> 'array' OR EXISTS (
            SELECT FROM pg_catalog.jsonb_array_elements(schema->'required') AS r
            WHERE pg_catalog.jsonb_typeof(r) <> 'string')) THEN
        RETURN false;
    END IF;
    IF EXISTS (SELECT FROM pg_catalog.unnest(ARRAY['minimum', 'maximum', 'multipleOf']) AS k
               WHERE schema ? k AND pg_catalog.jsonb_typeof(schema->k) <> 'number')
       OR EXISTS (SELECT FROM pg_catalog.unnest(ARRAY['minLength', 'maxLength', 'minItems',
                      'maxItems', 'minProperties', 'maxProperties']) AS k
                  WHERE schema ? k AND (pg_catalog.jsonb_typeof(schema->k) <> 'number'
                      OR (schema->>k)::numeric < 0
                      OR (schema->>k)::numeric <> pg_catalog.trunc((schema->>k)::numeric)))
       OR EXISTS (SELECT FROM pg_catalog.unnest(ARRAY['properties', 'patternProperties',
                      'definitions', '$defs']) AS k
                  WHERE schema ? k AND pg_catalog.jsonb_typeof(schema->k) <> 'object')
       OR EXISTS (SELECT FROM pg_catalog.unnest(ARRAY['allOf', 'anyOf', 'oneOf', 'enum',
                      'prefixItems']) AS k
                  WHERE schema ? k AND pg_catalog.jsonb_typeof(schema->k) <> 'array') THEN
        RETURN false;
    END IF;
    IF schema ? 'pattern' THEN
        IF pg_catalog.jsonb_typeof(schema->'pattern') <> 'string' THEN RETURN false; END IF;
        BEGIN
            PERFORM '' ~ (schema->>'pattern');
        EXCEPTION WHEN invalid_regular_expression THEN
            RETURN false;
        END;
    END IF;
    FOR sub IN
        SELECT s.value FROM pg_catalog.jsonb_each(COALESCE(schema->'properties', '{}')) AS s
        UNION ALL SELECT s.value FROM pg_catalog.jsonb_each(COALESCE(schema->'patternProperties', '{}')) AS s
        UNION ALL SELECT s.value FROM pg_catalog.jsonb_each(COALESCE(schema->'definitions', '{}')) AS s
        UNION ALL SELECT s.value FROM pg_catalog.jsonb_each(COALESCE(schema->'$defs', '{}')) AS s
        UNION ALL SELECT s FROM pg_catalog.jsonb_array_elements(COALESCE(schema->'allOf', '[]')) AS s
        UNION ALL SELECT s FROM pg_catalog.jsonb_array_elements(COALESCE(schema->'anyOf', '[]')) AS s
        UNION ALL SELECT s FROM pg_catalog.jsonb_array_elements(COALESCE(schema->'oneOf', '[]')) AS s
        UNION ALL SELECT s FROM pg_catalog.jsonb_array_elements(COALESCE(schema->'prefixItems', '[]')) AS s
        UNION ALL SELECT s FROM pg_catalog.jsonb_array_elements(
            CASE WHEN pg_catalog.jsonb_typeof(schema->'items') = 'array' THEN schema->'items'
                 ELSE '[]' END) AS s
        UNION ALL SELECT schema->k FROM pg_catalog.unnest(ARRAY['additionalProperties', 'not',
            'contains', 'if', 'then', 'else']) AS k WHERE schema ? k
        UNION ALL SELECT schema->'items' WHERE pg_catalog.jsonb_typeof(schema->'items') IN ('object', 'boolean')
    LOOP
        IF NOT @extschema@._supatools_jsonschema_ok(sub) THEN RETURN false; END IF;
    END LOOP;
    RETURN true;
END
$$;

CREATE FUNCTION jsonschema_is_valid(schema json) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@._supatools_jsonschema_ok(schema::jsonb) $$;

CREATE FUNCTION jsonschema_validation_errors(schema json, instance json) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@._supatools_jsonschema_errors(schema::jsonb, instance::jsonb, schema::jsonb, '') $$;

CREATE FUNCTION json_matches_schema(schema json, instance json) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT pg_catalog.cardinality(@extschema@._supatools_jsonschema_errors(
        schema::jsonb, instance::jsonb, schema::jsonb, '')) = 0
$$;

CREATE FUNCTION jsonb_matches_schema(schema json, instance jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT pg_catalog.cardinality(@extschema@._supatools_jsonschema_errors(
        schema::jsonb, instance, schema::jsonb, '')) = 0
$$;
