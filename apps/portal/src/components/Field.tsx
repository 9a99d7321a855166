import { FieldError, Input, Label, TextField } from 'react-aria-components';
import { ApiError } from '../api/client';

/** A labelled text input (react-aria: label, description and error wired to the input for screen readers). */
export function Field(props: {
  label: string;
  name: string;
  type?: 'text' | 'password';
  autoComplete?: string;
  inputMode?: 'numeric';
  value: string;
  onChange: (v: string) => void;
  autoFocus?: boolean;
}) {
  return (
    <TextField
      className="field"
      name={props.name}
      type={props.type ?? 'text'}
      value={props.value}
      onChange={props.onChange}
      autoComplete={props.autoComplete}
      inputMode={props.inputMode}
      autoFocus={props.autoFocus}
      isRequired
    >
      <Label>{props.label}</Label>
      <Input />
      <FieldError />
    </TextField>
  );
}

/** The answer of a refused step, announced to screen readers. */
export function Problem({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="problem" role="alert">
      {error instanceof Error ? error.message : String(error)}
    </p>
  );
}

/**
 * The located errors of a refused request (a 400's `errors: [{field, messages}]`), by field; empty
 * for any other error (a 409, a 404: their message is the answer).
 */
export function fieldProblems(error: unknown): Map<string, string[]> {
  const body = error instanceof ApiError && error.status === 400 ? error.body : undefined;
  const errors = (body as { errors?: Array<{ field: string; messages: string[] }> } | undefined)?.errors;
  return new Map((Array.isArray(errors) ? errors : []).map((e) => [e.field, e.messages]));
}

/** A field's messages from the server, tied to its input by `id` (aria-describedby). */
export function FieldMessages({ id, messages }: { id: string; messages: string[] | undefined }) {
  if (!messages?.length) return null;
  return (
    <span id={id} className="field-error">
      {messages.join('; ')}
    </span>
  );
}
