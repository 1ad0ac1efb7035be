/** Size of a table on the model view: the layout places boxes of this size, the canvas draws them. */
export const ENTITY_WIDTH = 200;
export const ENTITY_HEIGHT = 52;
