import { RegistrationForm } from '../features/registration/RegistrationForm.tsx';
import { useMe } from '../features/auth/session.ts';

export default function RegisterPage() {
  const me = useMe().data;
  if (!me) return null;
  return <RegistrationForm unitName={me.unitName} registrar={me.displayName} />;
}
