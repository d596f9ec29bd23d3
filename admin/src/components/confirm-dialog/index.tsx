/** A yes/no question in a Modal (ConfirmDialog is still experimental in @wordpress/components). */
import { Button, Modal } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { ReactNode } from 'react';
import './index.scss';

interface Props {
	title: string;
	confirmLabel: string;
	cancelLabel?: string;
	/** Red confirm button: the action deletes or discards something. */
	destructive?: boolean;
	onConfirm: () => void;
	onCancel: () => void;
	children: ReactNode;
}

export default function ConfirmDialog( {
	title,
	confirmLabel,
	cancelLabel,
	destructive = true,
	onConfirm,
	onCancel,
	children,
}: Props ) {
	return (
		<Modal
			title={ title }
			onRequestClose={ onCancel }
			size="medium"
			className="handoff-chat-confirm"
		>
			<div className="handoff-chat-confirm__body">{ children }</div>
			<div className="handoff-chat-confirm__actions">
				<Button
					variant="tertiary"
					onClick={ onCancel }
					__next40pxDefaultSize
				>
					{ cancelLabel ?? __( 'Cancel', 'handoff-chat' ) }
				</Button>
				<Button
					variant="primary"
					isDestructive={ destructive }
					onClick={ onConfirm }
					__next40pxDefaultSize
				>
					{ confirmLabel }
				</Button>
			</div>
		</Modal>
	);
}
