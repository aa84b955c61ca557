DROP TABLE session_note_chain_heads;
DROP FUNCTION session_note_chain_heads_forward_only();
DROP TABLE session_note_amendment_links;
DROP FUNCTION session_note_amendment_links_append_only();
