import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from './client';

export type Role = 'coder' | 'biller' | 'finance' | 'compliance' | 'admin';
export type Stage = 'active' | 'password-change' | 'second-factor' | 'second-factor-enrollment';

export interface Session {
  userName: string;
  role: Role;
  stage: Stage;
  idleMinutes: number;
}

export const SESSION_KEY = ['session'] as const;

/** Who is signed in; null when nobody is (a 401 is an answer here, not an error). */
export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async (): Promise<Session | null> => {
      try {
        return await api<Session>('/auth/session');
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: Infinity,
  });
}

export function useSessionUpdate() {
  const client = useQueryClient();
  return (session: Session | null) => {
    if (session === null) client.clear();
    client.setQueryData(SESSION_KEY, session);
  };
}

export const signIn = (userName: string, password: string) =>
  api<Session>('/auth/sign-in', { method: 'POST', body: { userName, password } });
export const signOut = () => api<void>('/auth/sign-out', { method: 'POST' });
export const giveSecondFactor = (code: string) =>
  api<Session>('/auth/second-factor', { method: 'POST', body: { code } });
export const beginEnrollment = () =>
  api<{ secret: string; otpauthUri: string }>('/auth/second-factor/enrollment', { method: 'POST' });
export const confirmEnrollment = (code: string) =>
  api<Session>('/auth/second-factor/enrollment/confirm', { method: 'POST', body: { code } });
export const changePassword = (currentPassword: string, newPassword: string) =>
  api<Session>('/auth/password', { method: 'POST', body: { currentPassword, newPassword } });
