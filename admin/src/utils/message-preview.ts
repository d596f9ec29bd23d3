/** What the inbox shows of a conversation's last message, in the advisor's language. */
import { __, sprintf } from '@wordpress/i18n';
import type { Conversation } from '@handoff-chat/contracts';

/** The "📷" older bridges stored for an image without caption (stored rows are migrated). */
const OLD_IMAGE_PREVIEW = '📷';

/** "Image", "Image: <caption>" or the text; null when there is no message yet. */
export function conversationPreview(
	c: Pick< Conversation, 'lastMessagePreview' | 'lastMessageKind' >
): string | null {
	const text = c.lastMessagePreview;
	if (
		c.lastMessageKind === 'image' ||
		( ! c.lastMessageKind && text === OLD_IMAGE_PREVIEW )
	) {
		return text && text !== OLD_IMAGE_PREVIEW
			? /* translators: %s: the caption the image was sent with. */
				sprintf( __( 'Image: %s', 'handoff-chat' ), text )
			: __( 'Image', 'handoff-chat' );
	}
	return text || null;
}
