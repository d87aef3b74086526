import { createRouter, createWebHistory } from 'vue-router';
import { useAuthStore, type SessionUser } from './stores/auth';

/** Where a user lands: an agency account on its own page, everyone else on the ranking. */
export function homeFor(user: SessionUser | null): string {
  if (!user) return '/login';
  return user.role === 'agency' && user.agency ? `/agency/${user.agency}` : '/ranking';
}

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true } },
    { path: '/ranking', name: 'ranking', component: () => import('./views/RankingView.vue') },
    { path: '/agency/:code', name: 'agency', component: () => import('./views/AgencyView.vue') },
    { path: '/status', name: 'status', component: () => import('./views/HomeView.vue'), meta: { public: true } },
    { path: '/', redirect: () => homeFor(useAuthStore().user) },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
});

router.beforeEach((to) => {
  if (to.meta.public) return true;
  if (!useAuthStore().user) return { path: '/login', query: { next: to.fullPath } };
  return true;
});
