// The page's calls to its server, relative to the page's own address (which carries the run's token).
import type { Choices, ProblemBody, RowsPage, SheetView, StateView } from './api-types.js';

export class ApiProblem extends Error {
  override readonly name = 'ApiProblem';
}

async function answer<T>(response: Response): Promise<T> {
  const body = (await response.json().catch(() => undefined)) as T | ProblemBody | undefined;
  if (!response.ok) {
    const problem = body !== undefined && typeof body === 'object' && body !== null && 'problem' in body ? body.problem : `the server answered ${response.status}`;
    throw new ApiProblem(problem);
  }
  return body as T;
}

export async function getState(): Promise<StateView> {
  return answer<StateView>(await fetch('api/state'));
}

export async function getRows(query: { status: string; search: string; offset: number }): Promise<RowsPage> {
  const params = new URLSearchParams({ status: query.status, q: query.search, offset: String(query.offset) });
  return answer<RowsPage>(await fetch(`api/rows?${params.toString()}`));
}

export async function uploadSheet(file: File): Promise<SheetView> {
  const form = new FormData();
  form.append('sheet', file, file.name);
  return answer<SheetView>(await fetch('api/sheet', { method: 'POST', body: form }));
}

export async function post<T = StateView>(action: 'choices' | 'check' | 'apply' | 'wait' | 'sign-in' | 'stop', body: Choices | Record<string, never> = {}): Promise<T> {
  return answer<T>(await fetch(`api/${action}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }));
}
