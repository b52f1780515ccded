/**
 * Draftail "citation" entity: pick a Source from the library through the snippet
 * chooser and insert a marker. The server numbers markers when the page is saved.
 * Plain JS on Wagtail's globals (window.React, window.DraftJS, window.draftail).
 */
(() => {
  const React = window.React;
  const { ModalWorkflowSource, TooltipEntity } = window.draftail;

  class CitationSource extends ModalWorkflowSource {
    getChooserConfig() {
      const { sourceChooser } = { ...this.props.entityType.chooserUrls };
      return {
        url: sourceChooser,
        urlParams: {},
        onload: window.CHOOSER_MODAL_ONLOAD_HANDLERS,
        responses: { chosen: this.onChosen },
      };
    }

    filterEntityData(data) {
      return { id: String(data.id), label: data.string || data.title || '' };
    }

    onChosen(data) {
      const { editorState, entityType, onComplete } = this.props;
      const { EditorState, Modifier } = window.DraftJS;
      const selection = editorState.getSelection();
      // Insert after the selection: a citation never replaces the editor's words.
      const caret = selection.merge({
        anchorKey: selection.getEndKey(),
        anchorOffset: selection.getEndOffset(),
        focusKey: selection.getEndKey(),
        focusOffset: selection.getEndOffset(),
        isBackward: false,
      });
      const content = editorState
        .getCurrentContent()
        .createEntity(entityType.type, 'IMMUTABLE', this.filterEntityData(data));
      const entityKey = content.getLastCreatedEntityKey();
      const withMarker = Modifier.insertText(content, caret, '[*]', null, entityKey);
      this.workflow.close();
      onComplete(EditorState.push(editorState, withMarker, 'insert-characters'));
    }
  }

  const Citation = ({ entityKey, contentState, children, onEdit, onRemove }) => {
    const { label } = contentState.getEntity(entityKey).getData();
    return React.createElement(
      TooltipEntity,
      { entityKey, onEdit, onRemove, icon: 'list-ol', label: label || 'Citation' },
      React.createElement('span', { className: 'helix-citation' }, children),
    );
  };

  window.draftail.registerPlugin(
    { type: 'CITATION', source: CitationSource, decorator: Citation },
    'entityTypes',
  );
})();
