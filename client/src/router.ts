import { createRouter, createWebHistory } from 'vue-router';
import { useAuthStore } from './stores/auth';
import { canUse, homeFor } from './logic/access';

export { homeFor };

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean;
    /** The entry of logic/access.ts SCREENS that guards this route. */
    screen?: string;
    /** Full-screen wall display: no header, large type. */
    wall?: boolean;
  }
}

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true } },
    {
      path: '/ranking',
      name: 'ranking',
      component: () => import('./views/RankingView.vue'),
      meta: { screen: 'ranking' },
    },
    { path: '/matrix', name: 'matrix', component: () => import('./views/MatrixView.vue'), meta: { screen: 'matrix' } },
    { path: '/alerts', name: 'alerts', component: () => import('./views/AlertsView.vue'), meta: { screen: 'alerts' } },
    {
      path: '/catalog',
      name: 'catalog',
      component: () => import('./views/CatalogView.vue'),
      meta: { screen: 'catalog' },
    },
    {
      path: '/connectors',
      name: 'connectors',
      component: () => import('./views/ConnectorsView.vue'),
      meta: { screen: 'connectors' },
    },
    { path: '/users', name: 'users', component: () => import('./views/UsersView.vue'), meta: { screen: 'users' } },
    {
      path: '/agency/:code',
      name: 'agency',
      component: () => import('./views/AgencyView.vue'),
      meta: { screen: 'agency' },
    },
    {
      // the operations room: each child is one screen of the rotation (logic/wall.ts)
      path: '/wall',
      component: () => import('./views/WallView.vue'),
      meta: { screen: 'wall', wall: true },
      children: [
        { path: '', redirect: { name: 'wall-ranking' } },
        {
          path: 'ranking',
          name: 'wall-ranking',
          component: () => import('./views/RankingView.vue'),
          props: { wall: true },
        },
        {
          path: 'matrix',
          name: 'wall-matrix',
          component: () => import('./views/MatrixView.vue'),
          props: { wall: true },
        },
        {
          path: 'alerts',
          name: 'wall-alerts',
          component: () => import('./views/AlertsView.vue'),
          props: { wall: true },
        },
      ],
    },
    { path: '/status', name: 'status', component: () => import('./views/HomeView.vue'), meta: { public: true } },
    { path: '/', name: 'home', redirect: () => homeFor(useAuthStore().user) },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
});

router.beforeEach((to) => {
  if (to.meta.public) return true;
  const user = useAuthStore().user;
  if (!user) return { path: '/login', query: { next: to.fullPath } };
  // a screen the role may not use: back to the user's own home, never a blank page
  if (to.meta.screen && !canUse(user, to.meta.screen)) return homeFor(user);
  return true;
});
