-- pyDBAPI app database: the tables and columns the guide's SQL and psql commands use,
-- as pyDBAPI's Alembic migrations create them (app.models and app.models_dbapi).

CREATE TYPE httpmethodenum AS ENUM ('GET', 'POST', 'PUT', 'DELETE', 'PATCH');
CREATE TYPE executeengineenum AS ENUM ('SQL', 'SCRIPT');
CREATE TYPE apiaccesstypeenum AS ENUM ('public', 'private');

CREATE TABLE alembic_version (
    version_num varchar(32) NOT NULL,
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

CREATE TABLE "user" (
    id uuid PRIMARY KEY,
    email varchar(255) NOT NULL,
    full_name varchar(255),
    hashed_password varchar NOT NULL,
    is_active boolean NOT NULL DEFAULT true,
    is_superuser boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX ix_user_email ON "user" (email);

CREATE TABLE api_module (
    id uuid PRIMARY KEY,
    name varchar(255) NOT NULL,
    description varchar(512),
    path_prefix varchar(255) NOT NULL DEFAULT '/',
    sort_order integer NOT NULL DEFAULT 0,
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_assignment (
    id uuid PRIMARY KEY,
    module_id uuid NOT NULL REFERENCES api_module (id) ON DELETE CASCADE,
    name varchar(255) NOT NULL,
    path varchar(255) NOT NULL,
    http_method httpmethodenum NOT NULL,
    execute_engine executeengineenum NOT NULL,
    description varchar(512),
    is_published boolean NOT NULL DEFAULT false,
    access_type apiaccesstypeenum NOT NULL DEFAULT 'private',
    rate_limit_per_minute integer,
    sort_order integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ix_api_assignment_module_id ON api_assignment (module_id);

CREATE TABLE api_group (
    id uuid PRIMARY KEY,
    name varchar(255) NOT NULL,
    description varchar(512),
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_assignment_group_link (
    api_assignment_id uuid NOT NULL REFERENCES api_assignment (id) ON DELETE CASCADE,
    api_group_id uuid NOT NULL REFERENCES api_group (id) ON DELETE CASCADE,
    PRIMARY KEY (api_assignment_id, api_group_id)
);

CREATE TABLE app_client (
    id uuid PRIMARY KEY,
    name varchar(255) NOT NULL,
    client_id varchar(255) NOT NULL,
    client_secret varchar(512) NOT NULL,
    description varchar(512),
    rate_limit_per_minute integer,
    max_concurrent integer,
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX ix_app_client_client_id ON app_client (client_id);

CREATE TABLE app_client_group_link (
    app_client_id uuid NOT NULL REFERENCES app_client (id) ON DELETE CASCADE,
    api_group_id uuid NOT NULL REFERENCES api_group (id) ON DELETE CASCADE,
    PRIMARY KEY (app_client_id, api_group_id)
);

CREATE TABLE app_client_api_link (
    app_client_id uuid NOT NULL REFERENCES app_client (id) ON DELETE CASCADE,
    api_assignment_id uuid NOT NULL REFERENCES api_assignment (id) ON DELETE CASCADE,
    PRIMARY KEY (app_client_id, api_assignment_id)
);

CREATE TABLE access_record (
    id uuid PRIMARY KEY,
    api_assignment_id uuid REFERENCES api_assignment (id) ON DELETE SET NULL,
    app_client_id uuid REFERENCES app_client (id) ON DELETE SET NULL,
    ip_address varchar(64) NOT NULL,
    http_method varchar(16) NOT NULL,
    path varchar(512) NOT NULL,
    status_code integer NOT NULL DEFAULT 0,
    request_body text,
    request_headers text,
    request_params text,
    created_at timestamptz NOT NULL DEFAULT now(),
    duration_ms integer
);
CREATE INDEX ix_access_record_api_assignment_id ON access_record (api_assignment_id);
CREATE INDEX ix_access_record_app_client_id ON access_record (app_client_id);

-- A database at a known revision, with one published API reachable by one client directly.
INSERT INTO alembic_version (version_num) VALUES ('a00000000004');

INSERT INTO api_module (id, name) VALUES ('7d1f6c1e-0000-4000-8000-000000000001', 'users');
INSERT INTO api_assignment (id, module_id, name, path, http_method, execute_engine, is_published)
VALUES ('7d1f6c1e-0000-4000-8000-000000000002', '7d1f6c1e-0000-4000-8000-000000000001',
        'Get user', 'users/{id}', 'GET', 'SQL', true);
INSERT INTO app_client (id, name, client_id, client_secret)
VALUES ('7d1f6c1e-0000-4000-8000-000000000003', 'Reporting', 'reporting-service',
        '$2b$12$C6UzMDM.H6dfI/f/IKcEeO5Jz5n3Jq0r1Q0p8K1x9m8s6b1m2bQ2S');
INSERT INTO app_client_api_link (app_client_id, api_assignment_id)
VALUES ('7d1f6c1e-0000-4000-8000-000000000003', '7d1f6c1e-0000-4000-8000-000000000002');
INSERT INTO "user" (id, email, hashed_password, is_superuser)
VALUES ('7d1f6c1e-0000-4000-8000-000000000004', 'admin@example.com',
        '$2b$12$C6UzMDM.H6dfI/f/IKcEeO5Jz5n3Jq0r1Q0p8K1x9m8s6b1m2bQ2S', true);
INSERT INTO access_record (id, api_assignment_id, app_client_id, ip_address, http_method, path,
                           status_code, duration_ms)
VALUES ('7d1f6c1e-0000-4000-8000-000000000005', '7d1f6c1e-0000-4000-8000-000000000002',
        '7d1f6c1e-0000-4000-8000-000000000003', '10.0.0.7', 'GET', 'users/{id}', 200, 42);
