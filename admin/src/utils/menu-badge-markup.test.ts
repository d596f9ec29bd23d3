import { renderMenuBadge } from './menu-badge';

function adminMenu() {
	document.body.innerHTML = `
		<ul id="adminmenu">
			<li id="toplevel_page_handoff-chat" class="menu-top">
				<a href="admin.php?page=handoff-chat"><div class="wp-menu-image"></div><div class="wp-menu-name">Conversations</div></a>
			</li>
		</ul>`;
	return document.querySelector( '.wp-menu-name' ) as HTMLElement;
}

describe( 'renderMenuBadge', () => {
	it( "renders WordPress's own count markup from a summary", () => {
		const name = adminMenu();
		expect( renderMenuBadge( 3 ) ).toBe( true );
		const badge = name.querySelector( '.awaiting-mod' ) as HTMLElement;
		expect( badge.outerHTML ).toBe(
			'<span class="awaiting-mod count-3"><span class="pending-count" aria-hidden="true">3</span></span>'
		);
		expect( name.querySelector( '.screen-reader-text' )?.textContent ).toBe(
			'3 conversations to handle'
		);
		expect( name.textContent ).toBe(
			'Conversations 33 conversations to handle'
		);
	} );

	it( 'updates in place, says one in the singular, and disappears at zero', () => {
		const name = adminMenu();
		renderMenuBadge( 12 );
		renderMenuBadge( 1 );
		expect( name.querySelectorAll( '.awaiting-mod' ) ).toHaveLength( 1 );
		expect( name.querySelector( '.awaiting-mod' ) ).toHaveProperty(
			'className',
			'awaiting-mod count-1'
		);
		expect( name.querySelector( '.screen-reader-text' )?.textContent ).toBe(
			'1 conversation to handle'
		);
		renderMenuBadge( 0 );
		expect( name.querySelector( '.awaiting-mod' ) ).toBeNull();
		expect( name.textContent ).toBe( 'Conversations' );
	} );

	it( 'keeps odd values safe and does nothing without the menu item', () => {
		const name = adminMenu();
		renderMenuBadge( '<b>7</b>' as unknown as number );
		expect( name.querySelector( 'b' ) ).toBeNull();
		expect( name.querySelector( '.awaiting-mod' ) ).toBeNull();
		renderMenuBadge( 4.7 );
		expect( name.querySelector( '.pending-count' )?.textContent ).toBe(
			'4'
		);
		document.body.innerHTML = '';
		expect( renderMenuBadge( 2 ) ).toBe( false );
	} );
} );
