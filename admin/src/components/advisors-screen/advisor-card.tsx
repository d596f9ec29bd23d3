/**
 * One collaborator on the Advisors screen: who they are (avatar, visible name, email,
 * activity) and what they may do (licence, Chatbot list, pages, capacity). Each setting
 * is saved on its own, so a refusal (a full quota) never touches what is being typed
 * elsewhere on the card; the bridge's message shows next to what it refused.
 */
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Notice,
	TextControl,
	ToggleControl,
} from '@wordpress/components';
import { useEffect, useRef, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import type { KeyboardEvent } from 'react';
import type { AdvisorRecord, PatchAdvisorBody } from '@handoff-chat/contracts';
import { errorMessage } from '../../api';
import { fieldMessage, parseCapacity } from '../../utils/advisor-fields';
import { formatDateTime, formatRelativeTime } from '../../utils/relative-time';
import AdvisorAvatar from '../advisor-avatar';
import AvatarPicker from './avatar-picker';
import PageRestrictions from './page-restrictions';

interface Props {
	advisor: AdvisorRecord;
	/** The signed-in manager's own card. */
	isSelf: boolean;
	now: number;
	/** Rejects with the bridge's error. */
	onPatch: ( body: PatchAdvisorBody ) => Promise< unknown >;
	/** Absent: avatars are picked on the site's own Advisors page (network screen). */
	onAvatar?: ( attachmentId: number | null ) => Promise< void >;
	onRemove: () => void;
}

type Toggle = 'licensed' | 'showBotConversations';

const onEnter =
	( save: () => void ) => ( e: KeyboardEvent< HTMLInputElement > ) => {
		if ( e.key === 'Enter' ) {
			e.preventDefault();
			save();
		}
	};

export default function AdvisorCard( {
	advisor,
	isSelf,
	now,
	onPatch,
	onAvatar,
	onRemove,
}: Props ) {
	const id = `handoff-chat-advisor-${ advisor.id }`;
	const [ name, setName ] = useState( advisor.visibleName ?? '' );
	const [ nameError, setNameError ] = useState< string | null >( null );
	const [ capacity, setCapacity ] = useState(
		advisor.capacity === null ? '' : String( advisor.capacity )
	);
	const [ capacityError, setCapacityError ] = useState< string | null >(
		null
	);
	const [ busy, setBusy ] = useState< keyof PatchAdvisorBody | null >( null );
	const [ toggleError, setToggleError ] = useState< string | null >( null );
	// Enter then blur would save twice: one save of a field at a time.
	const saving = useRef( new Set< string >() );

	// What the bridge holds wins once it changes (a save, another manager).
	useEffect( () => {
		setName( advisor.visibleName ?? '' );
		setNameError( null );
	}, [ advisor.visibleName ] );
	useEffect( () => {
		setCapacity(
			advisor.capacity === null ? '' : String( advisor.capacity )
		);
		setCapacityError( null );
	}, [ advisor.capacity ] );

	/** One PATCH for `field`; false when one is already under way. */
	const send = async (
		field: keyof PatchAdvisorBody,
		body: PatchAdvisorBody,
		fail: ( e: unknown ) => void
	) => {
		if ( saving.current.has( field ) ) {
			return;
		}
		saving.current.add( field );
		setBusy( field );
		try {
			await onPatch( body );
		} catch ( e ) {
			fail( e );
		} finally {
			saving.current.delete( field );
			setBusy( null );
		}
	};

	const toggle = ( field: Toggle, on: boolean ) => {
		setToggleError( null );
		return send( field, { [ field ]: on }, ( e ) =>
			setToggleError( errorMessage( e ) )
		);
	};

	const saveName = () => {
		const next = name.trim() || null;
		if ( next === advisor.visibleName ) {
			return;
		}
		return send( 'visibleName', { visibleName: next }, ( e ) =>
			setNameError( fieldMessage( e, 'visibleName' ) )
		);
	};

	const saveCapacity = () => {
		const parsed = parseCapacity( capacity );
		if ( 'error' in parsed ) {
			setCapacityError( parsed.error );
			return;
		}
		setCapacityError( null );
		if ( parsed.capacity === advisor.capacity ) {
			return;
		}
		return send( 'capacity', { capacity: parsed.capacity }, ( e ) =>
			setCapacityError( fieldMessage( e, 'capacity' ) )
		);
	};

	const lastActive = advisor.lastActiveAt
		? formatRelativeTime( advisor.lastActiveAt, now )
		: '';

	return (
		<Card className="handoff-chat-advisor-card" size="small">
			<CardHeader className="handoff-chat-advisor-card__header">
				<AdvisorAvatar
					name={ advisor.name }
					avatar={ advisor.avatar }
					size={ 48 }
				/>
				<div className="handoff-chat-advisor-card__who">
					<h3 className="handoff-chat-advisor-card__name">
						{ advisor.name }
						{ isSelf && (
							<span className="handoff-chat-advisor-card__you">
								{ __( 'You', 'handoff-chat' ) }
							</span>
						) }
					</h3>
					{ advisor.email && (
						<span className="handoff-chat-advisor-card__email">
							{ advisor.email }
						</span>
					) }
					<span className="handoff-chat-advisor-card__meta">
						{ advisor.lastActiveAt ? (
							<time
								dateTime={ advisor.lastActiveAt }
								title={ formatDateTime( advisor.lastActiveAt ) }
							>
								{ sprintf(
									/* translators: %s: relative time, e.g. "2 hours ago". */
									__( 'Last active %s', 'handoff-chat' ),
									lastActive
								) }
							</time>
						) : (
							__( 'Never active', 'handoff-chat' )
						) }
						{ ' · ' }
						{ sprintf(
							/* translators: %d: number of messages the advisor wrote to visitors. */
							_n(
								'%d message',
								'%d messages',
								advisor.messageCount,
								'handoff-chat'
							),
							advisor.messageCount
						) }
					</span>
				</div>
				<Button
					variant="tertiary"
					isDestructive
					size="compact"
					onClick={ onRemove }
					className="handoff-chat-advisor-card__remove"
				>
					{ __( 'Remove', 'handoff-chat' ) }
				</Button>
			</CardHeader>
			<CardBody className="handoff-chat-advisor-card__body">
				{ onAvatar && (
					<AvatarPicker
						name={ advisor.name }
						hasAvatar={ !! advisor.avatar }
						onPick={ onAvatar }
					/>
				) }
				<TextControl
					id={ `${ id }-name` }
					label={ __( 'Name shown to visitors', 'handoff-chat' ) }
					value={ name }
					placeholder={ advisor.displayName }
					onChange={ ( v ) => {
						setName( v );
						setNameError( null );
					} }
					onBlur={ () => void saveName() }
					onKeyDown={ onEnter( () => void saveName() ) }
					help={
						nameError ??
						sprintf(
							/* translators: %s: the advisor's display name in WordPress. */
							__(
								'Empty: their WordPress name, “%s”.',
								'handoff-chat'
							),
							advisor.displayName
						)
					}
					className={ nameError ? 'has-error' : '' }
					maxLength={ 100 }
					__next40pxDefaultSize
					__nextHasNoMarginBottom
				/>
				<ToggleControl
					label={ __( 'Live chat premium', 'handoff-chat' ) }
					help={ __(
						'Uses one of the site’s licences. Without it, this advisor sees visitors anonymised, no notes, and is never assigned conversations.',
						'handoff-chat'
					) }
					checked={ advisor.licensed }
					disabled={ busy === 'licensed' }
					onChange={ ( on ) => void toggle( 'licensed', on ) }
					__nextHasNoMarginBottom
				/>
				<ToggleControl
					label={ __(
						'Show conversations where the chatbot has the hand',
						'handoff-chat'
					) }
					help={ __(
						'The Chatbot list of the inbox.',
						'handoff-chat'
					) }
					checked={ advisor.showBotConversations }
					disabled={ busy === 'showBotConversations' }
					onChange={ ( on ) =>
						void toggle( 'showBotConversations', on )
					}
					__nextHasNoMarginBottom
				/>
				{ toggleError && (
					<Notice
						status="error"
						onRemove={ () => setToggleError( null ) }
						className="handoff-chat-advisor-card__notice"
					>
						{ toggleError }
					</Notice>
				) }
				<TextControl
					id={ `${ id }-capacity` }
					label={ __(
						'Simultaneous live conversations',
						'handoff-chat'
					) }
					type="number"
					min={ 1 }
					max={ 1000 }
					value={ capacity }
					placeholder={ __( 'Unlimited', 'handoff-chat' ) }
					onChange={ ( v ) => {
						setCapacity( v );
						setCapacityError( null );
					} }
					onBlur={ () => void saveCapacity() }
					onKeyDown={ onEnter( () => void saveCapacity() ) }
					help={
						capacityError ??
						__(
							'Conversations are no longer routed to them beyond this. Empty: no limit.',
							'handoff-chat'
						)
					}
					className={ capacityError ? 'has-error' : '' }
					__next40pxDefaultSize
					__nextHasNoMarginBottom
				/>
				<PageRestrictions
					idPrefix={ id }
					value={ advisor.pages }
					onSave={ ( pages ) => onPatch( { pages } ) }
				/>
			</CardBody>
		</Card>
	);
}
