/**
 * The HIS API's route contract. A route names a method and a path pattern (`:name` segments) and
 * a handler that gets the parsed request and returns status + JSON body. Handlers throw AppError
 * for failures; the server turns them into `{error: {code, message, hint, upstream_err_msg?}}`.
 */

import type { GuardedAction } from '../../shared/access/roles';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A parsed request as a handler sees it. */
export interface ApiRequest {
  readonly method: HttpMethod;
  readonly path: string;
  /** Values of the pattern's `:name` segments, URL-decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /**
   * The JSON body parsed with lossless-json (numbers arrive as lossless number objects; the
   * zod fields of shared/api read them exactly), or undefined for an empty body or a raw route.
   */
  readonly body: unknown;
  /** The raw body bytes (file imports use this with `raw: true`). */
  readonly rawBody: Uint8Array;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /**
   * The operator the request acts as, set by the operator gate (docs/his-api.md "Operators"): the
   * roster's entry once a roster exists, null without one (the configured operator acts).
   */
  readonly operator?: { readonly opter: string; readonly opter_name: string; readonly role: string } | null;
}

/** What a handler answers: a status and a JSON-serialisable body (or raw bytes with a type). */
export interface ApiResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly raw?: { readonly contentType: string; readonly bytes: Uint8Array | string };
  readonly headers?: Readonly<Record<string, string>>;
}

export type ApiHandler = (req: ApiRequest) => Promise<ApiResponse>;

export interface Route {
  readonly method: HttpMethod;
  /** e.g. `/api/v1/visits/:visit_id/fees`. */
  readonly pattern: string;
  readonly handler: ApiHandler;
  /** Do not parse the body as JSON (file uploads); the handler reads `rawBody`. */
  readonly raw?: boolean;
  /** Needs no bearer token (only health and the UI's static files). */
  readonly public?: boolean;
  /**
   * The guarded action this route performs (shared/access/roles.ts): with a roster, an operator
   * whose role may not take it gets 403 ROLE_REQUIRED before the handler runs.
   */
  readonly action?: GuardedAction;
  /**
   * Largest body this route accepts, bytes (default DEFAULT_BODY_BYTES, 1 MB; bills
   * BILL_BODY_BYTES). Checked on `Content-Length` before reading; larger answers 413.
   */
  readonly maxBodyBytes?: number;
}

/**
 * Runs a route's handler as the request's operator (the security issue, docs/his-api.md "Operators"):
 * resolves and checks the operator, applies role checks, then calls `next`. Built in main/app.
 */
export type OperatorGate = (
  req: ApiRequest,
  route: Route,
  next: (req: ApiRequest) => Promise<ApiResponse>,
) => Promise<ApiResponse>;

/** A 200 answer with a JSON body. */
export const okJson = (body: unknown, status = 200): ApiResponse => ({ status, body });
