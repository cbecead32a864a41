// Creating an account, confirming the email address, signing in, and resetting a password.
import { ApiError } from '../api.js';
import { buildForm, textField } from '../forms.js';
import { h } from '../dom.js';

const PASSWORD_HINT = 'Use at least 10 characters. A few unrelated words make a strong password that is easy to remember.';

function required(values, rules) {
  return rules.filter(({ name }) => !values[name]).map(({ name, message }) => ({ name, message }));
}

function emailProblems(values, name = 'email') {
  const value = values[name];
  if (!value) return [{ name, message: 'Enter your email address' }];
  if (!/^[^\s@]+@[^\s@]+$/.test(value)) {
    return [{ name, message: 'Enter an email address in the right format, like name@example.com' }];
  }
  return [];
}

function passwordProblems(values, name) {
  if (!values[name]) return [{ name, message: 'Enter a password' }];
  if (values[name].length < 10) return [{ name, message: 'Your password must have at least 10 characters' }];
  return [];
}

// Only local paths are followed after sign-in, so a link cannot send people to another site.
function safeNext(query) {
  const next = query.get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/groups';
}

export async function signUpView(ctx) {
  if (ctx.person) return { redirect: '/groups' };
  const fields = [
    textField({ name: 'display_name', label: 'Your name', hint: 'This is how other members will see you.', autocomplete: 'name', spellcheck: false, required: true, maxlength: 100 }),
    textField({ name: 'email', label: 'Email address', hint: 'We will send a link to this address to confirm it.', type: 'email', autocomplete: 'email', spellcheck: false, required: true }),
    textField({ name: 'password', label: 'Create a password', hint: PASSWORD_HINT, type: 'password', autocomplete: 'new-password', required: true }),
  ];
  const { form } = buildForm({
    ctx,
    fields,
    submitText: 'Create account',
    check: (values) => [
      ...required(values, [{ name: 'display_name', message: 'Enter your name' }]),
      ...emailProblems(values),
      ...passwordProblems(values, 'password'),
    ],
    async onSubmit(values) {
      await ctx.api.post('/accounts', values);
      ctx.navigate('/sign-up/check-email', { state: { email: values.email } });
    },
  });
  return {
    title: 'Create an account',
    content: [
      h('h1', {}, 'Create an account'),
      h('p', {}, 'An account lets you join your groups and take part.'),
      form,
      h('p', {}, 'Already have an account? ', h('a', { href: '/sign-in' }, 'Sign in')),
    ],
  };
}

export async function checkEmailView(ctx, { state }) {
  return {
    title: 'Check your email',
    content: [
      h('h1', {}, 'Check your email'),
      h('p', {}, state.email
        ? ['We have sent a link to ', h('strong', {}, state.email), '.']
        : 'We have sent you a link.'),
      h('p', {}, 'Open the link in the email to confirm your address. You need to do this before you can join groups.'),
      h('p', {}, 'The email may take a few minutes to arrive. Check your spam or junk folder if you cannot find it.'),
      h('p', {}, 'You can ', h('a', { href: '/sign-in' }, 'sign in'), ' now.'),
    ],
  };
}

export async function verifyEmailView(ctx, { query }) {
  const token = query.get('token');
  let confirmed = false;
  let problem = 'This link is not complete. Check that you copied the whole link from the email.';
  if (token) {
    try {
      const body = await ctx.api.post('/accounts/verify-email', { token });
      confirmed = true;
      if (ctx.person && body && body.person && body.person.id === ctx.person.id) ctx.updatePerson(body.person);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      problem = error.fieldErrors.length ? error.fieldErrors.map((e) => e.message).join(' ') : error.detail;
    }
  }
  if (confirmed) {
    return {
      title: 'Email address confirmed',
      content: [
        h('h1', {}, 'Email address confirmed'),
        h('p', {}, 'Thank you. You can now join groups.'),
        ctx.person
          ? h('p', {}, h('a', { href: '/groups' }, 'Find your groups'))
          : h('p', {}, h('a', { href: '/sign-in?next=%2Fgroups' }, 'Sign in to find your groups')),
      ],
    };
  }
  return {
    title: 'This link does not work',
    content: [
      h('h1', {}, 'This link does not work'),
      h('p', {}, problem),
      h('p', {}, 'Links can be used once and expire after a while. ',
        ctx.person
          ? ['You can ask for a new link from ', h('a', { href: '/profile' }, 'your account'), '.']
          : ['Sign in and ask for a new link from your account page. ', h('a', { href: '/sign-in?next=%2Fprofile' }, 'Sign in')]),
    ],
  };
}

export async function signInView(ctx, { query }) {
  const next = safeNext(query);
  if (ctx.person) return { redirect: next };
  const fields = [
    textField({ name: 'email', label: 'Email address', type: 'email', autocomplete: 'email', spellcheck: false, required: true }),
    textField({ name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', required: true }),
  ];
  const { form } = buildForm({
    ctx,
    fields,
    submitText: 'Sign in',
    check: (values) => [
      ...emailProblems(values),
      ...(values.password ? [] : [{ name: 'password', message: 'Enter your password' }]),
    ],
    async onSubmit(values) {
      const body = await ctx.api.post('/session', values);
      ctx.signedIn(body.person, body.csrf_token);
      ctx.navigate(next, { replace: true, notice: `You are signed in as ${body.person.display_name}.` });
    },
  });
  return {
    title: 'Sign in',
    content: [
      h('h1', {}, 'Sign in'),
      form,
      h('p', {}, h('a', { href: '/forgot-password' }, 'Forgotten your password?')),
      h('p', {}, 'New here? ', h('a', { href: '/sign-up' }, 'Create an account')),
    ],
  };
}

export async function forgotPasswordView(ctx) {
  const fields = [
    textField({ name: 'email', label: 'Email address', hint: 'We will send a link to reset your password to this address.', type: 'email', autocomplete: 'email', spellcheck: false, required: true }),
  ];
  const { form } = buildForm({
    ctx,
    fields,
    submitText: 'Send the link',
    check: (values) => emailProblems(values),
    async onSubmit(values) {
      await ctx.api.post('/accounts/password-reset', values);
      ctx.navigate('/forgot-password/sent', { state: { email: values.email } });
    },
  });
  return {
    title: 'Reset your password',
    content: [h('h1', {}, 'Reset your password'), form],
  };
}

export async function resetSentView(ctx, { state }) {
  return {
    title: 'Check your email',
    content: [
      h('h1', {}, 'Check your email'),
      h('p', {}, 'If ', state.email ? h('strong', {}, state.email) : 'the address', ' has an account, we have sent it a link to reset the password.'),
      h('p', {}, 'The link works once and expires after a while. Check your spam or junk folder if you cannot find the email.'),
    ],
  };
}

export async function resetPasswordView(ctx, { query }) {
  const token = query.get('token') || '';
  if (!token) {
    return {
      title: 'This link does not work',
      content: [
        h('h1', {}, 'This link does not work'),
        h('p', {}, 'This link is not complete. Check that you copied the whole link from the email, or ',
          h('a', { href: '/forgot-password' }, 'ask for a new link'), '.'),
      ],
    };
  }
  const fields = [
    textField({ name: 'new_password', label: 'New password', hint: PASSWORD_HINT, type: 'password', autocomplete: 'new-password', required: true }),
  ];
  const { form } = buildForm({
    ctx,
    fields,
    submitText: 'Save new password',
    check: (values) => passwordProblems(values, 'new_password'),
    async onSubmit(values) {
      await ctx.api.post('/accounts/password-reset/complete', { token, new_password: values.new_password });
      // Every session ends with a reset, this tab's too.
      await ctx.reloadSession();
      ctx.navigate('/sign-in', { replace: true, notice: 'Your password has been changed. Sign in with your new password.' });
    },
  });
  return {
    title: 'Choose a new password',
    content: [h('h1', {}, 'Choose a new password'), form],
  };
}
