import nock from 'nock';

// Nothing a test does may reach the internet: only the fake servers on this machine answer.
nock.disableNetConnect();
nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
