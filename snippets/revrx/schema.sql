-- Tables and columns the RevRx guide's SQL, psql commands and Python samples use.
-- Prisma (prisma-client-py) names tables after the models ("User", "Encounter", ...) and the
-- schema maps camelCase fields to snake_case columns with @map (userId -> user_id).

CREATE EXTENSION IF NOT EXISTS pg_stat_statements;

CREATE TABLE IF NOT EXISTS "User" (
    id             text PRIMARY KEY DEFAULT gen_random_uuid()::text,
    email          text NOT NULL UNIQUE,
    password_hash  text NOT NULL DEFAULT '',
    email_verified boolean NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS "Encounter" (
    id         text PRIMARY KEY DEFAULT gen_random_uuid()::text,
    user_id    text NOT NULL REFERENCES "User" (id),
    status     text NOT NULL DEFAULT 'pending'
               CHECK (status IN ('pending', 'processing', 'completed', 'failed')),
    file_key   text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS "Report" (
    id           text PRIMARY KEY DEFAULT gen_random_uuid()::text,
    encounter_id text NOT NULL UNIQUE REFERENCES "Encounter" (id),
    summary      text NOT NULL DEFAULT '',
    suggested_codes jsonb NOT NULL DEFAULT '[]',
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS "AuditLog" (
    id            text PRIMARY KEY DEFAULT gen_random_uuid()::text,
    user_id       text,
    action        text NOT NULL,
    resource_type text,
    resource_id   text,
    success       boolean NOT NULL,
    metadata      jsonb,
    timestamp     timestamptz NOT NULL DEFAULT now()
);

INSERT INTO "User" (id, email, email_verified)
VALUES ('user-1', 'user@example.com', false)
ON CONFLICT (email) DO NOTHING;
