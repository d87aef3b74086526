// The error shape every API error takes (DESIGN §10): {statusCode, error, message, fields?}.
export interface FieldProblem {
  field: string;
  reason: string;
}

export interface ErrorResponse {
  statusCode: number;
  error: string;
  message: string;
  fields?: FieldProblem[];
  requestId?: string;
}
