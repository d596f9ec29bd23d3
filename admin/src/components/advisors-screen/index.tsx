/**
 * Conversations → Advisors (site managers): who holds the site's licences and how many
 * are granted, inviting collaborators, and for each one their picture, the name visitors
 * see, their licence, the Chatbot list, their pages and capacity, or removing their
 * ability to answer. Loaded on demand: the inbox never downloads it.
 */
import { Card, CardBody, Notice, Spinner } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import type { LicenceCount } from '@handoff-chat/contracts';
import { errorMessage, isForbidden } from '../../api';
import { useServices } from '../../data/services';
import { useAdvisorsAdmin } from '../../data/use-advisors-admin';
import { useNow } from '../../data/use-now';
import AdvisorAvatar from '../advisor-avatar';
import ConfirmDialog from '../confirm-dialog';
import AdvisorCard from './advisor-card';
import InviteForm from './invite-form';
import './index.scss';

function LicencesFigure( { licences }: { licences: LicenceCount | null } ) {
	if ( ! licences ) {
		return null;
	}
	const { granted, quota } = licences;
	return (
		<div className="handoff-chat-advisors__licences">
			<p aria-live="polite">
				{ sprintf(
					/* translators: 1: licences granted; 2: licences the site may grant. */
					_n(
						'%1$d of %2$d licence granted',
						'%1$d of %2$d licences granted',
						quota,
						'handoff-chat'
					),
					granted,
					quota
				) }
			</p>
			<div className="handoff-chat-advisors__meter" aria-hidden="true">
				<span
					style={ {
						width: `${ quota > 0 ? Math.min( 100, ( granted / quota ) * 100 ) : 100 }%`,
					} }
				/>
			</div>
			{ granted > quota && (
				<p className="handoff-chat-advisors__over">
					{ __(
						'More licences are granted than the site’s quota allows: revoke some before granting another.',
						'handoff-chat'
					) }
				</p>
			) }
		</div>
	);
}

interface Props {
	/**
	 * The network screen, working on another site: that site's own Advisors page, offered
	 * when WordPress refuses the calls made from here (403).
	 */
	siteAdvisorsUrl?: string;
}

export default function AdvisorsScreen( { siteAdvisorsUrl }: Props = {} ) {
	const { canManage = false } = useServices();
	return canManage ? (
		<Advisors siteAdvisorsUrl={ siteAdvisorsUrl } />
	) : (
		<Notice status="warning" isDismissible={ false }>
			{ __(
				'Only the site’s managers can manage advisors.',
				'handoff-chat'
			) }
		</Notice>
	);
}

/** Another site refused the network screen's calls: its own page still works. */
function Forbidden( { url, onRetry }: { url: string; onRetry: () => void } ) {
	return (
		<Notice
			status="error"
			isDismissible={ false }
			className="handoff-chat-advisors__forbidden"
			actions={ [
				{
					label: __(
						'Open this site’s Advisors page',
						'handoff-chat'
					),
					url,
					variant: 'primary',
				},
				{ label: __( 'Retry', 'handoff-chat' ), onClick: onRetry },
			] }
		>
			{ __(
				'WordPress refused to manage this site’s advisors from the network screen (403). Manage them on the site’s own Advisors page.',
				'handoff-chat'
			) }
		</Notice>
	);
}

function Advisors( { siteAdvisorsUrl }: Props ) {
	const { user } = useServices();
	const admin = useAdvisorsAdmin();
	const now = useNow();
	const [ removing, setRemoving ] = useState< string | null >( null );
	const [ notice, setNotice ] = useState< {
		status: 'success' | 'error';
		text: string;
	} | null >( null );

	const removed = admin.advisors.find( ( a ) => a.id === removing );

	if (
		siteAdvisorsUrl &&
		( isForbidden( admin.error ) || isForbidden( admin.syncError ) )
	) {
		return <Forbidden url={ siteAdvisorsUrl } onRetry={ admin.reload } />;
	}

	const confirmRemove = async () => {
		const id = removing;
		setRemoving( null );
		if ( ! id ) {
			return;
		}
		const who = removed?.name ?? id;
		try {
			await admin.remove( id );
			setNotice( {
				status: 'success',
				text: sprintf(
					/* translators: %s: name of the advisor. */
					__(
						'%s can no longer answer conversations.',
						'handoff-chat'
					),
					who
				),
			} );
		} catch ( e ) {
			setNotice( { status: 'error', text: errorMessage( e ) } );
		}
	};

	return (
		<div className="handoff-chat-advisors">
			<Card className="handoff-chat-advisors__manager">
				<CardBody>
					<AdvisorAvatar
						name={ user.name }
						avatar={ user.avatar }
						size={ 56 }
					/>
					<div className="handoff-chat-advisors__manager-text">
						<strong>{ user.name }</strong>
						<span>
							{ __(
								'Site manager: you hold the licences of this site and grant them to your collaborators.',
								'handoff-chat'
							) }
						</span>
					</div>
					<LicencesFigure licences={ admin.licences } />
				</CardBody>
			</Card>

			{ notice && (
				<Notice
					status={ notice.status }
					onRemove={ () => setNotice( null ) }
				>
					{ notice.text }
				</Notice>
			) }
			{ admin.syncError && admin.status === 'ready' && (
				<Notice
					status="warning"
					isDismissible={ false }
					actions={ [
						{
							label: __( 'Sync again', 'handoff-chat' ),
							onClick: admin.reload,
						},
					] }
				>
					{ sprintf(
						/* translators: %s: the error WordPress reported. */
						__(
							'WordPress could not send its users to the chat server (%s). The list below may miss people who never opened the inbox.',
							'handoff-chat'
						),
						errorMessage( admin.syncError )
					) }
				</Notice>
			) }

			<InviteForm onInvite={ admin.invite } />

			<section
				className="handoff-chat-advisors__people"
				aria-labelledby="handoff-chat-advisors-title"
			>
				<h2 id="handoff-chat-advisors-title">
					{ __( 'Collaborators', 'handoff-chat' ) }
				</h2>
				{ admin.status === 'loading' && (
					<p className="handoff-chat-advisors__loading">
						<Spinner />{ ' ' }
						{ __( 'Loading advisors…', 'handoff-chat' ) }
					</p>
				) }
				{ admin.status === 'error' && (
					<Notice
						status="error"
						isDismissible={ false }
						actions={ [
							{
								label: __( 'Retry', 'handoff-chat' ),
								onClick: admin.reload,
							},
						] }
					>
						{ errorMessage( admin.error ?? admin.syncError ) }
					</Notice>
				) }
				{ admin.status === 'ready' && admin.advisors.length === 0 && (
					<p>
						{ __(
							'Nobody can answer conversations yet. Invite a collaborator above.',
							'handoff-chat'
						) }
					</p>
				) }
				{ admin.status === 'ready' && admin.advisors.length > 0 && (
					<ul className="handoff-chat-advisors__list">
						{ admin.advisors.map( ( a ) => (
							<li key={ a.id }>
								<AdvisorCard
									advisor={ a }
									isSelf={ a.id === user.id }
									now={ now }
									onPatch={ ( body ) =>
										admin.patch( a.id, body )
									}
									// The media library open here is this page's site's: a subsite's tab of the network screen picks none.
									onAvatar={
										siteAdvisorsUrl
											? undefined
											: ( attachmentId ) =>
													admin.setAvatar(
														a.id,
														attachmentId
													)
									}
									onRemove={ () => setRemoving( a.id ) }
								/>
							</li>
						) ) }
					</ul>
				) }
			</section>

			{ removing && (
				<ConfirmDialog
					title={ __(
						'Remove this advisor’s ability to answer?',
						'handoff-chat'
					) }
					confirmLabel={ __( 'Remove', 'handoff-chat' ) }
					onConfirm={ () => void confirmRemove() }
					onCancel={ () => setRemoving( null ) }
				>
					{ removing === user.id
						? __(
								'This is you: you will no longer be able to answer conversations. Your WordPress account stays.',
								'handoff-chat'
							)
						: sprintf(
								/* translators: %s: name of the advisor. */
								__(
									'%s will no longer be able to answer conversations, and their licence is freed. Their WordPress account and the conversations they answered stay.',
									'handoff-chat'
								),
								removed?.name ?? removing
							) }
				</ConfirmDialog>
			) }
		</div>
	);
}
