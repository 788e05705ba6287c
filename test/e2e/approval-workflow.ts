// The workflow the approval e2e and the queue-mode e2e run: a webhook starts it, Create and Wait for Approval waits.
import { CREDENTIALS } from '../support/n8n/workflows';

export const APPROVAL_HOOK = 'approval-e2e';
export const APPROVAL_WORKFLOW_ID = 'e2eApprovalHook01';

/** Webhook → Create and Wait for Approval; the call's body gives title, External ID and the limit in minutes. */
export function approvalWorkflow() {
	return {
		id: APPROVAL_WORKFLOW_ID,
		name: 'E2E: approval through the EIAM inbox',
		active: false,
		settings: { timezone: 'Asia/Shanghai' },
		nodes: [
			{ id: 'ap-0', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: 'approval-e2e-hook', parameters: { httpMethod: 'POST', path: APPROVAL_HOOK, responseMode: 'onReceived', options: {} } },
			{
				id: 'ap-1',
				name: 'Ask for Approval',
				type: 'n8n-nodes-aicc-eiam.eiam',
				typeVersion: 2,
				position: [240, 0],
				credentials: { eiamApi: CREDENTIALS.eiamClient },
				parameters: {
					resource: 'todo',
					operation: 'sendAndWait',
					userName: 'zhangsan',
					title: '={{ $json.body.title }}',
					content: '=Refund of {{ $json.body.amount }} CNY.\nReply on this page.',
					messageType: 'TEXT',
					externalId: '={{ $json.body.externalId }}',
					approvalOptions: { askForComment: true, limitWaitTime: { limit: { limitType: 'afterTimeInterval', amount: '={{ $json.body.limitMinutes }}', unit: 'minutes' } } },
				},
			},
		],
		connections: { Webhook: { main: [[{ node: 'Ask for Approval', type: 'main', index: 0 }]] } },
	};
}
