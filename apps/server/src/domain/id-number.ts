// The rule lives in the contract so that the web checks an ID number as it is typed, exactly as here.
export { type IdNumberCheck, idNumberCheckDigit, validateIdNumber } from '@xinfang/contract';
