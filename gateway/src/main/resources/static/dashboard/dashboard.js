// The live dashboard: one snapshot of the shop per server-sent event from /dashboard/stream,
// drawn without a reload. Controls call /dashboard/api/** with the operator's credentials,
// kept in this tab only (sessionStorage). Everything the server sends is set as text, never as HTML.

const $ = (selector) => document.querySelector(selector);
const HISTORY = 120;
const history = { orders: [], degraded: [] };
const tiles = new Map();
let latest = null;

function el(tag, attributes = {}, ...children) {
	const element = document.createElement(tag);
	for (const [name, value] of Object.entries(attributes)) {
		if (name === 'class') element.className = value;
		else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
		else if (value !== undefined && value !== null && value !== false) element.setAttribute(name, value);
	}
	for (const child of children.flat()) {
		if (child !== null && child !== undefined) element.append(child instanceof Node ? child : String(child));
	}
	return element;
}

function clock(instant) {
	return new Date(instant).toLocaleTimeString([], { hour12: false });
}

// ---- credentials -------------------------------------------------------------------------

const operator = {
	get authorization() { return sessionStorage.getItem('shop-operator'); },
	set(user, password) { sessionStorage.setItem('shop-operator', 'Basic ' + btoa(`${user}:${password}`)); },
	clear() { sessionStorage.removeItem('shop-operator'); },
};

function showOperator(name) {
	$('#operator').textContent = name ? `operator: ${name}` : 'Controls need the operator:';
	$('#login-user').hidden = $('#login-password').hidden = $('#login-button').hidden = Boolean(name);
	$('#logout-button').hidden = !name;
	document.querySelectorAll('.operator-only').forEach((card) => card.dataset.locked = String(!name));
	document.body.dataset.operator = name ? 'yes' : 'no';
	if (latest) render(latest);
}

async function control(method, path, body) {
	if (!operator.authorization) {
		say('Log in first: the controls need the operator\'s credentials.');
		return null;
	}
	const response = await fetch(`/dashboard/api${path}`, {
		method,
		headers: { 'Authorization': operator.authorization, 'Content-Type': 'application/json' },
		body: (method === 'GET' || method === 'DELETE') ? undefined : JSON.stringify(body ?? {}),
	}).catch(() => null);
	if (!response) {
		say('The gateway did not answer.');
		return null;
	}
	const answer = await response.json().catch(() => ({}));
	if (response.status === 401) {
		operator.clear();
		showOperator(null);
		say('Wrong or missing credentials: log in again.');
		return null;
	}
	if (!response.ok) {
		say(answer.detail || `${response.status}`);
		return null;
	}
	return answer;
}

function say(text) {
	const message = $('#message');
	message.textContent = text;
	message.hidden = false;
	clearTimeout(say.timer);
	say.timer = setTimeout(() => message.hidden = true, 6000);
}

// ---- drawing -----------------------------------------------------------------------------

function render(snapshot) {
	latest = snapshot;
	$('#updated').textContent = `looked at ${clock(snapshot.at)}`;
	renderParts(snapshot);
	renderBreakers(snapshot.breakers);
	renderBulkheads(snapshot.bulkheads);
	renderOrders(snapshot.saga);
	renderDegraded(snapshot.degraded);
	renderQueues(snapshot.saga);
	renderEvents(snapshot.events);
	renderControls(snapshot.controls);
}

function renderParts(snapshot) {
	const loggedIn = Boolean(operator.authorization);
	const stack = snapshot.controls.stack;
	const monkeys = new Set(snapshot.controls.services);
	$('#stack-note').textContent = stack ? 'local stack: kill, pause and restart from here'
		: 'outside the local stack: kill parts with docker compose or kubectl';
	const container = $('#parts');
	for (const part of snapshot.parts) {
		let tile = tiles.get(part.name);
		if (!tile) {
			tile = el('div', { class: 'tile', 'data-part': part.name },
				el('span', { class: 'state' }), el('div', { class: 'name' }, part.name),
				el('div', { class: 'detail' }), el('div', { class: 'actions' }));
			tiles.set(part.name, tile);
			container.append(tile);
		}
		tile.dataset.state = part.state;
		tile.dataset.busy = String(part.busy);
		tile.querySelector('.state').textContent = part.busy ? `${part.state} · busy` : part.state;
		tile.querySelector('.state').className = `state state-${part.state}`;
		tile.querySelector('.detail').textContent = part.detail;
		const wanted = [];
		if (loggedIn && stack && part.name !== 'gateway') wanted.push('kill', 'pause', 'resume', 'restart');
		if (loggedIn && monkeys.has(part.name)) wanted.push('latency', 'exceptions', 'monkey off');
		const actions = tile.querySelector('.actions');
		if (actions.dataset.wanted !== wanted.join()) {
			actions.dataset.wanted = wanted.join();
			actions.replaceChildren(...wanted.map((action) => el('button', {
				type: 'button', 'data-part': part.name, 'data-action': action,
				title: actionTitle(action), onclick: () => act(part.name, action),
			}, action)));
		}
	}
}

function actionTitle(action) {
	return {
		kill: 'SIGKILL, like a crash', pause: 'SIGSTOP: it holds its connections and answers nothing',
		resume: 'SIGCONT', restart: 'graceful stop, start, wait until ready',
		latency: 'Chaos Monkey: 1-3 s more on every REST call', exceptions: 'Chaos Monkey: every REST call fails',
		'monkey off': 'Chaos Monkey off',
	}[action];
}

async function act(part, action) {
	const monkey = { latency: 'latency', exceptions: 'exceptions', 'monkey off': 'off' }[action];
	const answer = monkey ? await control('POST', `/monkey/${part}`, { mode: monkey })
		: await control('POST', `/parts/${part}/${action}`, {});
	if (answer) say(monkey ? answer.result : `${action} ${part}: ${answer.result ?? 'done'}`);
}

function renderBreakers(breakers) {
	$('#breakers tbody').replaceChildren(...breakers.map((breaker) => el('tr', {
		'data-breaker': `${breaker.part}/${breaker.name}`, 'data-state': breaker.state,
	}, el('td', {}, breaker.part), el('td', {}, breaker.name),
		el('td', { class: `state-${breaker.state}` }, breaker.state.replace('_', '-')),
		el('td', {}, breaker.failureRate >= 0 ? `${breaker.failureRate.toFixed(0)} %` : '–'))));
}

function renderBulkheads(bulkheads) {
	$('#bulkheads').replaceChildren(...bulkheads.map((bulkhead) => {
		const share = bulkhead.max > 0 ? bulkhead.used / bulkhead.max : 0;
		return el('div', { class: 'bulkhead', 'data-bulkhead': `${bulkhead.part}/${bulkhead.name}` },
			el('span', {}, `${bulkhead.part}/${bulkhead.name}`),
			el('div', { class: share >= 0.8 ? 'bar hot' : 'bar' }, el('span', { style: `width:${(share * 100).toFixed(0)}%` })),
			el('span', {}, `${bulkhead.used} / ${bulkhead.max}`));
	}));
}

function figure(label, value, state) {
	return el('div', { 'data-figure': label }, el('b', { class: state ? `state-${state}` : '' }, value), label);
}

function renderOrders(saga) {
	const orders = saga.ordersLastMinute;
	$('#orders').replaceChildren(figure('placed', orders.PENDING ?? 0), figure('confirmed', orders.CONFIRMED ?? 0, 'up'),
		figure('rejected', orders.REJECTED ?? 0, orders.REJECTED ? 'degraded' : null));
	const payments = saga.paymentsLastMinute;
	$('#payments').replaceChildren(figure('payments completed', payments.COMPLETED ?? 0),
		figure('payments declined', payments.DECLINED ?? 0));
	trend('orders', Object.values(orders).reduce((a, b) => a + b, 0), '#orders-trend', 'var(--starting)');
}

function renderDegraded(degraded) {
	$('#degraded').replaceChildren(figure('degraded', degraded.lastMinute, degraded.lastMinute ? 'degraded' : null),
		...Object.entries(degraded.byReason).map(([reason, count]) => figure(reason, count)));
	trend('degraded', degraded.lastMinute, '#degraded-trend', 'var(--degraded)');
}

function trend(name, value, selector, colour) {
	const points = history[name];
	points.push(value);
	if (points.length > HISTORY) points.shift();
	const top = Math.max(1, ...points);
	const line = points.map((v, i) => `${(i / (HISTORY - 1)) * 300},${38 - (v / top) * 36}`).join(' ');
	$(selector).replaceChildren(document.createElementNS('http://www.w3.org/2000/svg', 'polyline'));
	const polyline = $(selector).firstChild;
	polyline.setAttribute('points', line);
	polyline.setAttribute('stroke', colour);
}

function renderQueues(saga) {
	const rows = [];
	for (const [service, backlog] of Object.entries(saga.outbox)) rows.push(['outbox', service, backlog, backlog > 0]);
	const lag = Object.entries(saga.consumerLag);
	if (lag.length === 0) rows.push(['consumer lag', 'all groups', 'broker down?', true]);
	for (const [group, behind] of lag) rows.push(['consumer lag', group, behind, behind > 0]);
	for (const [topic, waiting] of Object.entries(saga.deadLetters)) rows.push(['dead letters', topic, waiting, waiting > 0]);
	rows.push(['replica lag', 'pg-replica', saga.replicaLagSeconds == null ? 'unknown' : `${saga.replicaLagSeconds.toFixed(1)} s`,
		saga.replicaLagSeconds == null || saga.replicaLagSeconds > 5]);
	$('#queues tbody').replaceChildren(...rows.map(([what, where, value, attention]) => el('tr',
		{ 'data-queue': `${what}/${where}` }, el('td', {}, what), el('td', {}, where),
		el('td', { class: attention ? 'state-degraded' : '' }, value))));
}

function renderEvents(events) {
	$('#events').replaceChildren(...events.map((event) => el('li', { 'data-kind': event.kind },
		el('time', {}, clock(event.at)), el('span', { class: 'kind' }, event.kind), el('span', { class: 'text' }, event.text))));
}

function renderControls(controls) {
	const load = controls.load;
	$('#load-status').textContent = !controls.stack ? 'Load runs start here in the local stack (./shop up) only.'
		: !load ? 'No load run yet.'
		: [load.running ? 'running' : 'ended', load.progress, load.summary, load.failure, `call log: ${load.log}`]
			.filter(Boolean).join('\n');
	const faults = controls.providerFaults;
	$('#faults-now').textContent = !faults ? 'The provider does not answer.'
		: `now: latency ${faults.latencyMs} ms (+${faults.latencyJitterMs} jitter), errors ${faults.errorRate}, ` +
			`declines ${faults.declineRate}, dropped answers ${faults.dropResponseRate}`;
}

// ---- the shop's own API ------------------------------------------------------------------

async function browse() {
	const started = performance.now();
	const response = await fetch('/api/products?size=3').catch(() => null);
	const took = `${Math.round(performance.now() - started)} ms`;
	if (!response) {
		$('#browse-result').textContent = `no answer (${took})`;
		return;
	}
	const degraded = response.headers.get('X-Degraded');
	$('#browse-result').textContent = `${response.status} in ${took}` +
		(degraded ? ` · X-Degraded: ${degraded}, Age ${response.headers.get('Age')} s` : '');
}

async function placeOrder(event) {
	event.preventDefault();
	const key = `dashboard-${crypto.randomUUID()}`;
	const body = { customerId: 'dashboard', items: [{ productId: Number($('#order-product').value), quantity: Number($('#order-quantity').value) }] };
	const response = await fetch('/api/orders', {
		method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key }, body: JSON.stringify(body),
	}).catch(() => null);
	const answer = response ? await response.json().catch(() => ({})) : {};
	if (!response || response.status !== 202) {
		$('#order-result').textContent = response ? `${response.status}: ${answer.detail ?? ''}` : 'no answer';
		return;
	}
	$('#order-result').textContent = `202 · order ${answer.orderId} ${answer.status}`;
	follow(answer.orderId, 0);
}

async function follow(orderId, round) {
	const response = await fetch(`/api/orders/${orderId}`).catch(() => null);
	const order = response && response.ok ? await response.json() : null;
	if (order) $('#order-result').textContent = `order ${orderId} ${order.status}${order.reason ? ` (${order.reason})` : ''}`;
	if ((!order || order.status === 'PENDING') && round < 120) setTimeout(() => follow(orderId, round + 1), 1000);
}

// ---- wiring ------------------------------------------------------------------------------

function connect() {
	const stream = new EventSource('/dashboard/stream');
	stream.addEventListener('snapshot', (event) => render(JSON.parse(event.data)));
	stream.onopen = () => {
		$('#connection').dataset.state = 'live';
		$('#connection').textContent = 'live';
	};
	// EventSource reconnects by itself; the last picture stays on the page meanwhile.
	stream.onerror = () => {
		$('#connection').dataset.state = 'reconnecting';
		$('#connection').textContent = 'gateway not answering · reconnecting';
	};
}

$('#login').addEventListener('submit', async (event) => {
	event.preventDefault();
	operator.set($('#login-user').value, $('#login-password').value);
	const me = await control('GET', '/operator');
	$('#login-password').value = '';
	if (me) showOperator(me.name);
});
$('#logout-button').addEventListener('click', () => {
	operator.clear();
	showOperator(null);
});
$('#browse').addEventListener('click', browse);
$('#order').addEventListener('submit', placeOrder);
$('#load').addEventListener('submit', async (event) => {
	event.preventDefault();
	const answer = await control('POST', '/load', { rate: Number($('#load-rate').value), duration: $('#load-duration').value.trim() });
	if (answer) say('Load run started.');
});
$('#load-stop').addEventListener('click', () => control('DELETE', '/load'));
$('#faults').addEventListener('submit', async (event) => {
	event.preventDefault();
	const knobs = {};
	for (const [id, knob] of [['latency', 'latencyMs'], ['errors', 'errorRate'], ['declines', 'declineRate'], ['drops', 'dropResponseRate']]) {
		const value = $(`#faults-${id}`).value;
		if (value !== '') knobs[knob] = Number(value);
	}
	if (await control('POST', '/faults', knobs)) say('Provider faults changed.');
});
$('#faults-off').addEventListener('click', async () => {
	if (await control('POST', '/faults', { off: true })) say('Provider faults off.');
});

(async () => {
	if (operator.authorization) {
		const me = await control('GET', '/operator');
		showOperator(me ? me.name : null);
	}
	else {
		showOperator(null);
	}
	connect();
})();
