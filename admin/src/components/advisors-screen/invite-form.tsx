/**
 * Invite a collaborator: an existing user of the site may then answer, anybody else gets
 * an "Advisor" account and WordPress's email to choose a password.
 */
import { Button, Notice, TextControl } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { FormEvent } from 'react';
import { errorMessage } from '../../api';
import type { HandoffChatAdvisorInvitation } from '../../global';

interface Props {
	/** Rejects with WordPress's error (400 bad email, 409 already an advisor). */
	onInvite: (
		email: string,
		name?: string
	) => Promise< HandoffChatAdvisorInvitation >;
}

function invitedMessage( r: HandoffChatAdvisorInvitation ): string {
	const who = r.user.displayName || r.user.email;
	return r.created
		? sprintf(
				/* translators: 1: name of the new advisor; 2: their email address. */
				__(
					'%1$s now has an account: WordPress emailed %2$s a link to choose a password. They can answer conversations once signed in.',
					'handoff-chat'
				),
				who,
				r.user.email
			)
		: sprintf(
				/* translators: %s: name of the advisor. */
				__( '%s can now answer conversations.', 'handoff-chat' ),
				who
			);
}

export default function InviteForm( { onInvite }: Props ) {
	const [ email, setEmail ] = useState( '' );
	const [ name, setName ] = useState( '' );
	const [ busy, setBusy ] = useState( false );
	const [ notice, setNotice ] = useState< {
		status: 'success' | 'error';
		text: string;
	} | null >( null );

	const submit = async ( e: FormEvent ) => {
		e.preventDefault();
		const address = email.trim();
		if ( ! address || busy ) {
			return;
		}
		setBusy( true );
		setNotice( null );
		try {
			const r = await onInvite( address, name.trim() || undefined );
			setNotice( { status: 'success', text: invitedMessage( r ) } );
			setEmail( '' );
			setName( '' );
		} catch ( err ) {
			setNotice( { status: 'error', text: errorMessage( err ) } );
		} finally {
			setBusy( false );
		}
	};

	return (
		<form
			className="handoff-chat-advisors__invite"
			onSubmit={ ( e ) => void submit( e ) }
			aria-labelledby="handoff-chat-invite-title"
		>
			<h2 id="handoff-chat-invite-title">
				{ __( 'Invite a collaborator', 'handoff-chat' ) }
			</h2>
			<div className="handoff-chat-advisors__invite-fields">
				<TextControl
					label={ __( 'Email address', 'handoff-chat' ) }
					type="email"
					required
					value={ email }
					onChange={ setEmail }
					autoComplete="off"
					__next40pxDefaultSize
					__nextHasNoMarginBottom
				/>
				<TextControl
					label={ __( 'Name (optional)', 'handoff-chat' ) }
					value={ name }
					onChange={ setName }
					maxLength={ 200 }
					autoComplete="off"
					__next40pxDefaultSize
					__nextHasNoMarginBottom
				/>
				<Button
					variant="primary"
					type="submit"
					isBusy={ busy }
					disabled={ busy || ! email.trim() }
					accessibleWhenDisabled
					__next40pxDefaultSize
				>
					{ __( 'Invite', 'handoff-chat' ) }
				</Button>
			</div>
			<p className="handoff-chat-advisors__hint">
				{ __(
					'Someone who already has an account on this site can answer at once; anyone else gets an Advisor account and an email to choose a password.',
					'handoff-chat'
				) }
			</p>
			{ notice && (
				<Notice
					status={ notice.status }
					onRemove={ () => setNotice( null ) }
				>
					{ notice.text }
				</Notice>
			) }
		</form>
	);
}
