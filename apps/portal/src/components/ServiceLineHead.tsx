/**
 * The column headers of a service-line table (837 loop 2400: SV1/SV2 procedure, modifiers, units,
 * charge, diagnosis pointers), as the coding work item, the encounter form and the claim correction
 * form edit them; `code` names the procedure column, `action` an unlabelled last column (a button).
 */
export function ServiceLineHead({ code = 'Procedure', action }: { code?: string; action?: string }) {
  return (
    <thead>
      <tr>
        <th scope="col">Line</th>
        <th scope="col">{code}</th>
        <th scope="col">Modifiers</th>
        <th scope="col">Units</th>
        <th scope="col">Charge ($)</th>
        <th scope="col">Diagnosis pointers</th>
        {action && (
          <th scope="col">
            <span className="visually-hidden">{action}</span>
          </th>
        )}
      </tr>
    </thead>
  );
}
