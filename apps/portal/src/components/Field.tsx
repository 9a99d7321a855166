import { FieldError, Input, Label, TextField } from 'react-aria-components';

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
