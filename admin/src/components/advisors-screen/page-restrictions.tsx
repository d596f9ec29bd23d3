/**
 * Which conversations an advisor receives, by the page they started on: all pages, or
 * chosen pages of the site (picked with a search) and URL prefixes such as /shop/.
 * Edited as a draft and saved in one PATCH; the bridge's refusals show at their field.
 * An address can be tried against the draft with the bridge's own rule (pageAllowed).
 */
import {
	Button,
	CheckboxControl,
	RadioControl,
	SearchControl,
	Spinner,
	TextControl,
} from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { closeSmall } from '@wordpress/icons';
import {
	pageAllowed,
	type PageRestriction,
	type RestrictedPage,
} from '@handoff-chat/contracts/advisors-pages';
import { errorMessage } from '../../api';
import { useSitePages } from '../../data/use-site-pages';
import {
	checkPrefix,
	restrictionIssues,
	restrictionProblem,
	type RestrictionIssues,
} from '../../utils/advisor-fields';

interface Props {
	/** Unique per advisor: ids of the fields. */
	idPrefix: string;
	value: PageRestriction;
	/** Rejects with the bridge's error. */
	onSave: ( next: PageRestriction ) => Promise< unknown >;
}

interface Draft {
	mode: PageRestriction[ 'mode' ];
	pages: RestrictedPage[];
	prefixes: string[];
}

const draftOf = ( r: PageRestriction ): Draft =>
	r.mode === 'all'
		? { mode: 'all', pages: [], prefixes: [] }
		: { mode: 'some', pages: r.pages, prefixes: r.prefixes };

const restrictionOf = ( d: Draft ): PageRestriction =>
	d.mode === 'all'
		? { mode: 'all' }
		: { mode: 'some', pages: d.pages, prefixes: d.prefixes };

const NO_ISSUES: RestrictionIssues = { general: null, pages: {}, prefixes: {} };

export default function PageRestrictions( { idPrefix, value, onSave }: Props ) {
	const saved = JSON.stringify( restrictionOf( draftOf( value ) ) );
	const [ draft, setDraft ] = useState< Draft >( () => draftOf( value ) );
	const [ issues, setIssues ] = useState< RestrictionIssues >( NO_ISSUES );
	const [ saving, setSaving ] = useState( false );
	const [ search, setSearch ] = useState( '' );
	const [ prefix, setPrefix ] = useState( '' );
	const [ prefixError, setPrefixError ] = useState< string | null >( null );
	const [ tryUrl, setTryUrl ] = useState( '' );
	const found = useSitePages( search, draft.mode === 'some' );

	// The record changed on the bridge (another manager, a re-read): start from it again.
	useEffect( () => {
		setDraft( draftOf( JSON.parse( saved ) ) );
		setIssues( NO_ISSUES );
	}, [ saved ] );

	const next = restrictionOf( draft );
	const dirty = JSON.stringify( next ) !== saved;

	const change = ( d: Partial< Draft > ) => {
		setDraft( ( cur ) => ( { ...cur, ...d } ) );
		setIssues( NO_ISSUES );
	};

	const togglePage = ( page: RestrictedPage, on: boolean ) =>
		change( {
			pages: on
				? [ ...draft.pages, page ]
				: draft.pages.filter( ( p ) => p.id !== page.id ),
		} );

	const addPrefix = () => {
		const t = prefix.trim();
		const problem = checkPrefix( t );
		if ( problem ) {
			setPrefixError( problem );
			return;
		}
		setPrefixError( null );
		setPrefix( '' );
		if ( ! draft.prefixes.includes( t ) ) {
			change( { prefixes: [ ...draft.prefixes, t ] } );
		}
	};

	const save = async () => {
		const problem = restrictionProblem( next );
		if ( problem ) {
			setIssues( { ...NO_ISSUES, general: problem } );
			return;
		}
		setSaving( true );
		try {
			await onSave( next );
		} catch ( e ) {
			setIssues( restrictionIssues( e ) );
		} finally {
			setSaving( false );
		}
	};

	const chosen = new Set( draft.pages.map( ( p ) => p.id ) );
	const offered = found.pages.filter( ( p ) => ! chosen.has( p.id ) );
	const tried = tryUrl.trim();
	let tryResult: string | null = null;
	if ( tried ) {
		tryResult = pageAllowed( next, tried )
			? __(
					'Conversations started on this page reach this advisor.',
					'handoff-chat'
				)
			: __(
					'Conversations started on this page do not reach this advisor.',
					'handoff-chat'
				);
	}

	return (
		<fieldset className="handoff-chat-advisor-pages">
			<legend>{ __( 'Pages', 'handoff-chat' ) }</legend>
			<RadioControl
				label={ __(
					'Conversations this advisor receives',
					'handoff-chat'
				) }
				hideLabelFromVision
				selected={ draft.mode }
				options={ [
					{
						label: __( 'All pages', 'handoff-chat' ),
						value: 'all',
					},
					{
						label: __( 'Chosen pages', 'handoff-chat' ),
						value: 'some',
					},
				] }
				onChange={ ( mode ) =>
					change( { mode: mode === 'some' ? 'some' : 'all' } )
				}
			/>
			{ draft.mode === 'some' && (
				<div className="handoff-chat-advisor-pages__some">
					<p className="handoff-chat-advisor-pages__help">
						{ __(
							'Only conversations started on these pages, or on addresses under these prefixes, reach this advisor.',
							'handoff-chat'
						) }
					</p>
					{ draft.pages.length > 0 && (
						<ul
							className="handoff-chat-advisor-pages__chosen"
							aria-label={ __( 'Chosen pages', 'handoff-chat' ) }
						>
							{ draft.pages.map( ( p, i ) => (
								<li key={ p.id }>
									<span className="handoff-chat-advisor-pages__title">
										{ p.title || p.url }
										<small>{ p.url }</small>
										{ issues.pages[ i ] && (
											<span className="handoff-chat-advisor-pages__error">
												{ issues.pages[ i ] }
											</span>
										) }
									</span>
									<Button
										icon={ closeSmall }
										size="small"
										label={ sprintf(
											/* translators: %s: title of a page of the site. */
											__( 'Remove %s', 'handoff-chat' ),
											p.title || p.url
										) }
										onClick={ () => togglePage( p, false ) }
									/>
								</li>
							) ) }
						</ul>
					) }
					<SearchControl
						label={ __(
							'Search the site’s pages',
							'handoff-chat'
						) }
						placeholder={ __(
							'Search the site’s pages',
							'handoff-chat'
						) }
						value={ search }
						onChange={ setSearch }
						__nextHasNoMarginBottom
					/>
					<div
						className="handoff-chat-advisor-pages__results"
						aria-busy={ found.status === 'loading' }
					>
						{ found.status === 'loading' && <Spinner /> }
						{ found.status === 'error' && (
							<p className="handoff-chat-advisor-pages__error">
								{ errorMessage( found.error ) }{ ' ' }
								<Button variant="link" onClick={ found.retry }>
									{ __( 'Retry', 'handoff-chat' ) }
								</Button>
							</p>
						) }
						{ found.status === 'ready' && offered.length === 0 && (
							<p>
								{ search.trim()
									? __(
											'No other published page matches.',
											'handoff-chat'
										)
									: __(
											'No other published page.',
											'handoff-chat'
										) }
							</p>
						) }
						{ found.status === 'ready' &&
							offered.map( ( p ) => (
								<CheckboxControl
									key={ p.id }
									label={ p.title || p.url }
									help={ p.url }
									checked={ false }
									onChange={ () => togglePage( p, true ) }
									__nextHasNoMarginBottom
								/>
							) ) }
					</div>
					<h4 className="handoff-chat-advisor-pages__heading">
						{ __( 'URL prefixes', 'handoff-chat' ) }
					</h4>
					{ draft.prefixes.length > 0 && (
						<ul
							className="handoff-chat-advisor-pages__chosen"
							aria-label={ __( 'URL prefixes', 'handoff-chat' ) }
						>
							{ draft.prefixes.map( ( p, i ) => (
								<li key={ p }>
									<span className="handoff-chat-advisor-pages__title">
										<code>{ p }</code>
										{ issues.prefixes[ i ] && (
											<span className="handoff-chat-advisor-pages__error">
												{ issues.prefixes[ i ] }
											</span>
										) }
									</span>
									<Button
										icon={ closeSmall }
										size="small"
										label={ sprintf(
											/* translators: %s: a URL prefix, e.g. /shop/. */
											__( 'Remove %s', 'handoff-chat' ),
											p
										) }
										onClick={ () =>
											change( {
												prefixes: draft.prefixes.filter(
													( x ) => x !== p
												),
											} )
										}
									/>
								</li>
							) ) }
						</ul>
					) }
					<div className="handoff-chat-advisor-pages__add">
						<TextControl
							id={ `${ idPrefix }-prefix` }
							label={ __( 'Add a URL prefix', 'handoff-chat' ) }
							placeholder="/shop/"
							value={ prefix }
							onChange={ ( v ) => {
								setPrefix( v );
								setPrefixError( null );
							} }
							onKeyDown={ ( e ) => {
								if ( e.key === 'Enter' ) {
									e.preventDefault();
									addPrefix();
								}
							} }
							help={
								prefixError ??
								__(
									'Every address starting with this path, e.g. /shop/ for /shop/shoes/.',
									'handoff-chat'
								)
							}
							className={ prefixError ? 'has-error' : '' }
							__next40pxDefaultSize
							__nextHasNoMarginBottom
						/>
						<Button
							variant="secondary"
							onClick={ addPrefix }
							disabled={ ! prefix.trim() }
							accessibleWhenDisabled
							__next40pxDefaultSize
						>
							{ __( 'Add', 'handoff-chat' ) }
						</Button>
					</div>
					<TextControl
						label={ __( 'Try an address', 'handoff-chat' ) }
						placeholder="https://"
						type="url"
						value={ tryUrl }
						onChange={ setTryUrl }
						help={ tryResult ?? undefined }
						__next40pxDefaultSize
						__nextHasNoMarginBottom
					/>
				</div>
			) }
			{ issues.general && (
				<p className="handoff-chat-advisor-pages__error" role="alert">
					{ issues.general }
				</p>
			) }
			{ dirty && (
				<div className="handoff-chat-advisor-pages__actions">
					<Button
						variant="primary"
						onClick={ () => void save() }
						isBusy={ saving }
						disabled={ saving }
						accessibleWhenDisabled
						__next40pxDefaultSize
					>
						{ __( 'Save pages', 'handoff-chat' ) }
					</Button>
					<Button
						variant="tertiary"
						onClick={ () => {
							setDraft( draftOf( value ) );
							setIssues( NO_ISSUES );
						} }
						disabled={ saving }
						__next40pxDefaultSize
					>
						{ __( 'Cancel', 'handoff-chat' ) }
					</Button>
				</div>
			) }
		</fieldset>
	);
}
