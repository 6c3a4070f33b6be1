-- BimBot AI Wall: the tables the guide's SQL samples and psql commands use.
-- An uploaded drawing (a JSON export of a BIM model) is processed by a job; each job runs
-- steps and writes artifacts. job_steps and artifacts carry no foreign key to jobs, as in the
-- deployments the guide was written for: that is how orphaned rows can appear (see data.md,
-- which also shows how to add the constraints).

CREATE EXTENSION IF NOT EXISTS pg_stat_statements;

CREATE TABLE drawings (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    filename    text NOT NULL,
    size_bytes  bigint NOT NULL CHECK (size_bytes >= 0),
    uploaded_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE jobs (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    drawing_id  uuid NOT NULL REFERENCES drawings (id),
    status      text NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'running', 'completed', 'failed')),
    error       text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    started_at  timestamptz,
    finished_at timestamptz
);

CREATE INDEX jobs_status_idx ON jobs (status);

CREATE TABLE job_steps (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id      uuid NOT NULL,
    name        text NOT NULL,
    status      text NOT NULL DEFAULT 'pending',
    started_at  timestamptz,
    finished_at timestamptz,
    duration_ms integer,
    log         text
);

CREATE INDEX job_steps_job_id_idx ON job_steps (job_id);

CREATE TABLE artifacts (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id      uuid NOT NULL,
    kind        text NOT NULL,
    path        text NOT NULL,
    size_bytes  bigint,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX artifacts_job_id_idx ON artifacts (job_id);
