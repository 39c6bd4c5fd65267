import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, api, errorMessage, onCsrfRefresh, setCsrfToken, type SessionInfo, type User } from './api.js';

export interface Session {
  /** 'loading' until /api/me has answered once. */
  status: 'loading' | 'ready' | 'error';
  user: User | null;
  /** Why /api/me failed, when status is 'error'. */
  error: string | undefined;
  refresh(): Promise<void>;
  signIn(email: string, password: string): Promise<User>;
  signUp(input: { organizationName: string; email: string; displayName: string; password: string }): Promise<User>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Session['status']>('loading');
  const [user, setUser] = useState<User | null>(null);
  const [error, setError] = useState<string | undefined>(undefined);

  const load = useCallback(async (): Promise<string | undefined> => {
    try {
      const me = await api.get<SessionInfo>('/api/me');
      setCsrfToken(me.csrfToken);
      setUser(me.user);
      setError(undefined);
      setStatus('ready');
      return me.csrfToken;
    } catch (e) {
      setError(errorMessage(e));
      setStatus('error');
      return undefined;
    }
  }, []);

  useEffect(() => {
    onCsrfRefresh(load);
    void load();
  }, [load]);

  const value = useMemo<Session>(
    () => ({
      status,
      user,
      error,
      refresh: async () => {
        await load();
      },
      signIn: async (email, password) => {
        const signedIn = await api.post<Required<SessionInfo>>('/api/auth/sign-in', { email, password });
        setCsrfToken(signedIn.csrfToken);
        setUser(signedIn.user);
        setStatus('ready');
        return signedIn.user!;
      },
      signUp: async (input) => {
        const created = await api.post<{ user: User; csrfToken: string }>('/api/auth/sign-up', input);
        setCsrfToken(created.csrfToken);
        setUser(created.user);
        setStatus('ready');
        return created.user;
      },
      signOut: async () => {
        try {
          await api.post('/api/auth/sign-out');
        } catch (e) {
          // A session that already ended (expired, or signed out in another tab) is the outcome we wanted.
          if (!(e instanceof ApiError && e.status === 401)) throw e;
        } finally {
          setCsrfToken(undefined);
          setUser(null);
        }
      },
    }),
    [status, user, error, load],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession needs a <SessionProvider>.');
  return session;
}
