-- PluginMind database (PostgreSQL in production): the tables the guide's SQL uses, as the
-- initial Alembic revision (001_initial_pluginmind_schema) creates them.

CREATE TYPE jobstatus AS ENUM (
    'queued', 'processing_openai', 'processing_grok', 'completed', 'failed'
);

CREATE TABLE alembic_version (
    version_num varchar(32) NOT NULL,
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

CREATE TABLE analysis_jobs (
    id serial PRIMARY KEY,
    job_id varchar NOT NULL,
    user_input varchar NOT NULL,
    status jobstatus NOT NULL,
    created_at timestamp NOT NULL,
    completed_at timestamp,
    optimized_prompt varchar,
    analysis varchar,
    error varchar,
    user_id varchar,
    cost double precision
);
CREATE UNIQUE INDEX ix_analysis_jobs_job_id ON analysis_jobs (job_id);
CREATE INDEX ix_analysis_jobs_user_id ON analysis_jobs (user_id);

CREATE TABLE users (
    id serial PRIMARY KEY,
    email varchar NOT NULL,
    created_at timestamp NOT NULL,
    subscription_tier varchar NOT NULL,
    queries_used integer NOT NULL,
    queries_limit integer NOT NULL,
    google_id varchar,
    is_active boolean NOT NULL
);
CREATE UNIQUE INDEX ix_users_email ON users (email);
CREATE UNIQUE INDEX ix_users_google_id ON users (google_id);

INSERT INTO alembic_version (version_num) VALUES ('001');

-- One job whose background task died an hour ago, one that finished.
INSERT INTO analysis_jobs (job_id, user_input, status, created_at, user_id)
VALUES ('0b9c2f4e-stuck', 'Summarise this contract', 'processing_openai',
        LOCALTIMESTAMP - interval '1 hour', 'google-oauth2|1234567890');
INSERT INTO analysis_jobs (job_id, user_input, status, created_at, completed_at, analysis)
VALUES ('5d1e7a20-done', 'Classify this ticket', 'completed',
        LOCALTIMESTAMP - interval '2 hours', LOCALTIMESTAMP - interval '2 hours', 'billing');
