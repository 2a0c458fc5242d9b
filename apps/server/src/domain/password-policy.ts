/** 密码策略: at least 10 characters, 3 of 4 character classes, not containing the username. */
export function checkPassword(password: string, username: string): string | null {
  if (password.length < 10) return '密码长度至少为10位';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) return '密码须包含大写字母、小写字母、数字、符号中的至少三类';
  if (username && password.toLowerCase().includes(username.toLowerCase())) return '密码不能包含用户名';
  return null;
}
