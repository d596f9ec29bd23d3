/** What the heads of the flow editor's cards share, sequences and steps alike. */
import {
	Button,
	DropdownMenu,
	MenuGroup,
	MenuItem,
} from '@wordpress/components';
import { _n, sprintf } from '@wordpress/i18n';
import { arrowDown, arrowUp, moreVertical } from '@wordpress/icons';
import type { ComponentProps } from 'react';

/** "3 problems": how many issues the card holds, nothing when none. */
export function ProblemCount( {
	count,
	className,
}: {
	count: number;
	className: string;
} ) {
	if ( count <= 0 ) {
		return null;
	}
	return (
		<span className={ className }>
			{ sprintf(
				/* translators: %d: number of problems in a sequence or a step. */
				_n( '%d problem', '%d problems', count, 'handoff-chat' ),
				count
			) }
		</span>
	);
}

export interface CardAction {
	label: string;
	onClick: () => void;
	icon?: ComponentProps< typeof MenuItem >[ 'icon' ];
	isDestructive?: boolean;
	disabled?: boolean;
	/** A second line under the label (e.g. why it is disabled). */
	info?: string;
}

interface CardActionsProps {
	index: number;
	count: number;
	onMove: ( to: number ) => void;
	upLabel: string;
	downLabel: string;
	menuLabel: string;
	/** The menu's items; the menu closes after each. */
	actions: CardAction[];
}

/** Move up and down as buttons, the other actions in a menu. */
export function CardActions( {
	index,
	count,
	onMove,
	upLabel,
	downLabel,
	menuLabel,
	actions,
}: CardActionsProps ) {
	return (
		<>
			<Button
				size="small"
				icon={ arrowUp }
				label={ upLabel }
				disabled={ index === 0 }
				accessibleWhenDisabled
				onClick={ () => onMove( index - 1 ) }
			/>
			<Button
				size="small"
				icon={ arrowDown }
				label={ downLabel }
				disabled={ index === count - 1 }
				accessibleWhenDisabled
				onClick={ () => onMove( index + 1 ) }
			/>
			<DropdownMenu
				icon={ moreVertical }
				label={ menuLabel }
				toggleProps={ { size: 'small' } }
			>
				{ ( { onClose } ) => (
					<MenuGroup>
						{ actions.map( ( { label, onClick, ...item } ) => (
							<MenuItem
								key={ label }
								{ ...item }
								onClick={ () => {
									onClick();
									onClose();
								} }
							>
								{ label }
							</MenuItem>
						) ) }
					</MenuGroup>
				) }
			</DropdownMenu>
		</>
	);
}
