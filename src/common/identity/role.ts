export enum Role {
  Researcher = 'RESEARCHER',
  Reviewer = 'REVIEWER',
  Officer = 'OFFICER',
  Admin = 'ADMIN',
}

export const ROLES = Object.values(Role);

export enum Language {
  English = 'en',
  TraditionalChinese = 'zh-TW',
}
