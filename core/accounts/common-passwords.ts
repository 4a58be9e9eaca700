// Common passwords (lower-cased) that meet the length and character-mix
// rules but are guessed first by anyone attacking a login. Drawn from the
// well-known breach top lists, including ones common in Chinese services.

export const COMMON_PASSWORDS = new Set([
  'password1', 'password12', 'password123', 'password1234', 'password12345', 'password1!', 'password!1', 'password!123',
  'p@ssw0rd123', 'p@ssword123', 'passw0rd123', 'pa$$word123', 'p@ssw0rd1234', 'p@55w0rd123',
  'qwerty1234', 'qwerty12345', 'qwerty123456', 'qwertyuiop1', 'qwertyuiop123', 'qwe123456789', '1q2w3e4r5t', '1q2w3e4r5t6y',
  '1qaz2wsx3edc', 'zaq12wsxcde3', '1qazxsw23edc', 'q1w2e3r4t5', 'q1w2e3r4t5y6', 'a1b2c3d4e5', 'a1s2d3f4g5', 'abc1234567', 'abcd123456',
  'abcdef1234', 'abcdefg123', 'abc123456789', 'a123456789', 'a1234567890', 'aa123456789', 'aa12345678', 'aaa1234567', '1234567890a',
  '123456789a', '123456789q', '12345678910a', '1234567890q', '0123456789a', 'asdf123456', 'asdfgh12345', 'zxcvbnm123', 'zxcvbnm1234',
  'iloveyou12', 'iloveyou123', 'iloveyou1!', 'welcome123', 'welcome1234', 'welcome1!', 'admin12345', 'admin123456', 'administrator1',
  'letmein123', 'letmein1234', 'changeme123', 'changeme1!', 'sunshine123', 'football123', 'baseball123', 'princess123', 'monkey12345',
  'dragon12345', 'master12345', 'superman123', 'batman12345', 'starwars123', 'trustno1234', 'whatever123', 'computer123',
  'michael1234', 'jennifer123', 'charlie1234', 'shadow12345', 'freedom1234', 'summer2024!', 'summer2025!', 'winter2024!', 'spring2025!',
  'woaini1314', 'woaini520', 'woaini1314520', '5201314abc', 'abc5201314', 'qq123456789', 'qq1234567890', 'wang123456', 'zhang123456',
  'li123456789', 'liu123456789', 'chen123456', 'aini1314520', 'iloveyou1314', 'qazwsx12345', 'qazwsxedc123', 'asd123456789',
  'zxc123456789', 'meadow12345', 'meadow123456', 'helloworld1', 'helloworld123', 'hello123456', 'test123456', 'testtest123',
  'user123456', 'root123456', 'guest123456', 'login12345', 'secret12345', 'mypassword1', 'mypassword123', 'newpassword1',
]);
