/** The message under a field the server or the client check refused; the input points at it with aria-describedby. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <div className="field-error" id={id}>
      {message}
    </div>
  );
}

/** The aria attributes of an input whose error, if any, is shown by <FieldError id={errorId}>. */
export function invalidProps(errorId: string, message: string | undefined, hintId?: string) {
  const describedBy = [message ? errorId : undefined, hintId].filter(Boolean).join(' ');
  return { 'aria-invalid': message ? true : undefined, 'aria-describedby': describedBy || undefined };
}
