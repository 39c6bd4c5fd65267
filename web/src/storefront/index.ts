export { HomePage, NotFoundPage } from './HomePage.js';
export { OfferPage } from './OfferPage.js';
export { SignInPage } from './SignInPage.js';
export { SignUpPage } from './SignUpPage.js';
export { InvitationPage } from './InvitationPage.js';
